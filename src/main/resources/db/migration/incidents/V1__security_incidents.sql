-- Security incidents for the privacy officer (COMPLIANCE_OFFICER): first, reports of suspicious activity from the
-- security centre. The reporter's own words may name people or carry PHI, so they are sealed under the
-- organization's "incidents" key; the register itself (who reported, when, status) is plain so it can be listed.
-- The breach workflow (scope, risk assessment, 60-day clock) builds on these rows.
CREATE TABLE incident (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    reference     text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('SUSPICIOUS_ACTIVITY')),
    reported_by   uuid NOT NULL,
    reported_at   timestamptz NOT NULL DEFAULT now(),
    description   bytea NOT NULL,
    status        text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
    UNIQUE (org_id, reference)
);
CREATE INDEX incident_org_idx ON incident (org_id, reported_at);

GRANT USAGE ON SCHEMA incidents TO ${appRole};
-- Incidents are kept (HIPAA documentation, 6 years): no DELETE.
GRANT SELECT, INSERT, UPDATE ON incident TO ${appRole};

ALTER TABLE incident ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON incident
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
