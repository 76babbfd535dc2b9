-- Passkeys (WebAuthn), in the two tables Spring Security's JdbcUserCredentialRepository and
-- JdbcPublicKeyCredentialUserEntityRepository read and write (their PostgreSQL DDL from spring-security-web 7.1.2,
-- org/springframework/security/user-*-schema*.sql, with Haven's constraints added).
--
-- No org_id and no row-level security, on purpose: like sign_in_name these are cross-tenant lookups. Signing in with a
-- passkey starts from nothing but a credential id sent by the browser, before anyone knows the organization, and
-- Spring's repositories query by credential id, user handle or user name only. So the tables hold nothing but
-- non-PHI sign-in data: the WebAuthn user "name" is the account id (a UUID, never the e-mail address), the display
-- name is that same id, and the public key and its counters. Everything else about the account stays in the
-- tenant tables behind row-level security.

-- The WebAuthn user entity: id is the random user handle given to authenticators (base64url), name the account id.
CREATE TABLE user_entities (
    id            varchar(1000) NOT NULL PRIMARY KEY,
    name          varchar(100)  NOT NULL UNIQUE
                  CHECK (name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
    display_name  varchar(200)  CHECK (display_name IS NULL OR display_name = name),
    -- The name must be an account of Haven's (a foreign key cannot see through row-level security, and need not).
    account_id    uuid GENERATED ALWAYS AS (name::uuid) STORED NOT NULL UNIQUE REFERENCES user_account (id)
);

-- One row per registered passkey; the label is chosen by Haven's script ("Passkey added on <date>"), not typed.
CREATE TABLE user_credentials (
    credential_id                 varchar(1000) NOT NULL PRIMARY KEY,
    user_entity_user_id           varchar(1000) NOT NULL REFERENCES user_entities (id) ON DELETE CASCADE,
    public_key                    bytea         NOT NULL,
    signature_count               bigint,
    uv_initialized                boolean,
    backup_eligible               boolean       NOT NULL,
    authenticator_transports      varchar(1000),
    public_key_credential_type    varchar(100),
    backup_state                  boolean       NOT NULL,
    attestation_object            bytea,
    attestation_client_data_json  bytea,
    created                       timestamp,
    last_used                     timestamp,
    label                         varchar(1000) NOT NULL CHECK (length(label) BETWEEN 1 AND 64)
);
CREATE INDEX user_credentials_user_idx ON user_credentials (user_entity_user_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON user_entities, user_credentials TO ${appRole};
