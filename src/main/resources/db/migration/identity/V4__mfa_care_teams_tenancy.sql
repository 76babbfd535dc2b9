-- Second factors, care teams, per-organization session settings, and row-level security on every tenant-owned table.

-- Per-organization settings, within limits: staff never idle longer than 15 minutes, clients never longer than 60.
ALTER TABLE organization
    ADD COLUMN staff_idle_minutes   int     NOT NULL DEFAULT 15 CHECK (staff_idle_minutes BETWEEN 2 AND 15),
    ADD COLUMN client_idle_minutes  int     NOT NULL DEFAULT 30 CHECK (client_idle_minutes BETWEEN 2 AND 60),
    ADD COLUMN clients_require_mfa  boolean NOT NULL DEFAULT false;

ALTER TABLE user_account ADD COLUMN last_active_at timestamptz;

-- Every tenant-owned row names its organization, so that one policy shape covers every table.
ALTER TABLE user_role ADD COLUMN org_id uuid;
UPDATE user_role r SET org_id = a.org_id FROM user_account a WHERE a.id = r.user_id;
ALTER TABLE user_role ALTER COLUMN org_id SET NOT NULL;

-- Sign-in finds an account by e-mail before anyone knows its organization: this table alone answers that question
-- across tenants, and it holds nothing but the address and the two ids.
CREATE TABLE sign_in_name (
    email    text PRIMARY KEY,
    user_id  uuid NOT NULL UNIQUE REFERENCES user_account (id),
    org_id   uuid NOT NULL
);
INSERT INTO sign_in_name (email, user_id, org_id) SELECT email, id, org_id FROM user_account;

-- TOTP (RFC 6238): the seed is sealed under the organization's 'totp' key; last_step stops a code being used twice.
CREATE TABLE totp_factor (
    user_id       uuid PRIMARY KEY REFERENCES user_account (id),
    org_id        uuid NOT NULL,
    seed          bytea NOT NULL,
    confirmed_at  timestamptz,
    last_step     bigint NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Ten single-use recovery codes per account, stored as Argon2id hashes.
CREATE TABLE recovery_code (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES user_account (id),
    org_id     uuid NOT NULL,
    code_hash  text NOT NULL,
    used_at    timestamptz
);
CREATE INDEX recovery_code_user_idx ON recovery_code (user_id);

-- Programs, their directors, and care teams: the relationships that decide who may see which client.
CREATE TABLE program (
    id      uuid PRIMARY KEY,
    org_id  uuid NOT NULL REFERENCES organization (id),
    name    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    UNIQUE (org_id, name)
);

CREATE TABLE program_director (
    program_id  uuid NOT NULL REFERENCES program (id),
    user_id     uuid NOT NULL REFERENCES user_account (id),
    org_id      uuid NOT NULL,
    PRIMARY KEY (program_id, user_id)
);

CREATE TABLE care_team (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organization (id),
    program_id  uuid REFERENCES program (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    UNIQUE (org_id, name)
);

CREATE TABLE care_team_member (
    care_team_id  uuid NOT NULL REFERENCES care_team (id),
    user_id       uuid NOT NULL REFERENCES user_account (id),
    org_id        uuid NOT NULL,
    PRIMARY KEY (care_team_id, user_id)
);
CREATE INDEX care_team_member_user_idx ON care_team_member (user_id);

-- Clients are registered by the records module; identity keeps only their ids (no cross-schema reads).
CREATE TABLE care_team_client (
    care_team_id  uuid NOT NULL REFERENCES care_team (id),
    client_id     uuid NOT NULL,
    org_id        uuid NOT NULL,
    PRIMARY KEY (care_team_id, client_id)
);
CREATE INDEX care_team_client_client_idx ON care_team_client (client_id);

-- The portal account of a client, if the client has one.
CREATE TABLE client_account (
    client_id  uuid PRIMARY KEY,
    user_id    uuid NOT NULL UNIQUE REFERENCES user_account (id),
    org_id     uuid NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_name TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON totp_factor, recovery_code TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON program, program_director, care_team, care_team_member, care_team_client,
    client_account TO ${appRole};

-- Row-level security, enabled and forced (the owner is held to it too): a row is visible and writable only when its
-- organization is the one the connection is set to (haven.org_id, see Tenancy). No setting, no rows.
ALTER TABLE organization ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON organization
    USING (id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('haven.org_id', true), '')::uuid);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['user_account', 'user_role', 'totp_factor', 'recovery_code', 'program',
                             'program_director', 'care_team', 'care_team_member', 'care_team_client', 'client_account']
    LOOP
        EXECUTE format('ALTER TABLE identity.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE identity.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON identity.%I '
                       'USING (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid) '
                       'WITH CHECK (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)', t);
    END LOOP;
END
$$;
