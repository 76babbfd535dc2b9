-- The client registry: who the organization treats. Every identifying value is sealed under the client's own key
-- (AES-256-GCM, bound to table, column and row); name and date of birth are findable through a keyed blind index.
CREATE TABLE client (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL,
    name           bytea NOT NULL,
    date_of_birth  bytea NOT NULL,
    state          bytea NOT NULL,
    contact        bytea,
    name_dob_bidx  bytea,
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'discharged')),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX client_org_idx ON client (org_id);
CREATE INDEX client_name_dob_idx ON client (org_id, name_dob_bidx);

GRANT USAGE ON SCHEMA records TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON client TO ${appRole};

ALTER TABLE client ENABLE ROW LEVEL SECURITY;
ALTER TABLE client FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON client
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
