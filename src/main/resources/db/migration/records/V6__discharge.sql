-- A client's discharge: the reason (a fixed list, plain: reports count them), the date, and the summary and aftercare
-- plan sealed under the client's key. One per client; records.client.status turns 'discharged' in the same
-- transaction, after which the chart is read-only.
CREATE TABLE discharge (
    client_id       uuid PRIMARY KEY REFERENCES client (id),
    org_id          uuid NOT NULL,
    reason          text NOT NULL CHECK (reason IN ('COMPLETED', 'TRANSFERRED', 'LEFT_AGAINST_ADVICE',
                                                    'ADMINISTRATIVE', 'OTHER')),
    discharged_on   date NOT NULL,
    summary         bytea NOT NULL,
    aftercare       bytea NOT NULL,
    category        text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    recorded_by     uuid NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX discharge_org_idx ON discharge (org_id);

-- A discharge is a record as written: no UPDATE.
GRANT SELECT, INSERT ON discharge TO ${appRole};

ALTER TABLE discharge ENABLE ROW LEVEL SECURITY;
ALTER TABLE discharge FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON discharge
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
