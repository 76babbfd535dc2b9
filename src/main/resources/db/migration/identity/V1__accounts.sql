-- Organizations (tenants), user accounts and their roles.
CREATE TABLE organization (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_account (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL REFERENCES organization (id),
    email          text NOT NULL UNIQUE,
    display_name   text NOT NULL,
    password_hash  text NOT NULL,
    status         text NOT NULL CHECK (status IN ('invited', 'active', 'suspended', 'deprovisioned')),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_account_org_idx ON user_account (org_id);

CREATE TABLE user_role (
    user_id  uuid NOT NULL REFERENCES user_account (id),
    role     text NOT NULL CHECK (role IN ('CLIENT', 'CLINICIAN', 'FACILITATOR', 'PROGRAM_DIRECTOR', 'BILLING',
                                           'FRONT_DESK', 'COMPLIANCE_OFFICER', 'ORG_ADMIN', 'AUDITOR')),
    PRIMARY KEY (user_id, role)
);

-- The application role reads and writes rows; it owns nothing and cannot change the schema.
GRANT USAGE ON SCHEMA identity TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON organization, user_account TO ${appRole};
GRANT SELECT, INSERT, DELETE ON user_role TO ${appRole};
