-- A client's profile beyond the registry, one row per version (earlier versions are kept, never overwritten). Three
-- sections, each a sealed JSON document under the client's key, each read under its own data category:
--   demographics  preferred name, pronouns, emergency contact           (DEMOGRAPHIC)
--   insurance     payer, member id, group number, subscriber relation  (BILLING)
--   risk_flags    active risk flags from a fixed list, each with a note (GENERAL: clinical)
-- Every section is sealed in every version (an empty document when nothing is recorded), so that which clients have
-- risk flags cannot be told from NULLs. A section left unchanged is carried over as it was sealed: the associated
-- data binds table, column and client, not the version.
CREATE TABLE client_profile (
    client_id     uuid NOT NULL REFERENCES client (id),
    version       integer NOT NULL CHECK (version > 0),
    org_id        uuid NOT NULL,
    demographics  bytea NOT NULL,
    insurance     bytea NOT NULL,
    risk_flags    bytea NOT NULL,
    written_by    uuid NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, version)
);
CREATE INDEX client_profile_org_idx ON client_profile (org_id);

-- Versions are kept as written: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON client_profile TO ${appRole};

ALTER TABLE client_profile ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_profile FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON client_profile
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

-- One client per name and date of birth in an organization: registration answers a duplicate with 409 and the
-- database holds the rule against two registrations racing. A shredded client's index is NULL and conflicts with
-- nothing.
DROP INDEX client_name_dob_idx;
CREATE UNIQUE INDEX client_name_dob_idx ON client (org_id, name_dob_bidx);
