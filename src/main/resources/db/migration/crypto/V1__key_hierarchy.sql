-- The key hierarchy below the master key (which never enters the database): one key per organization wrapped by the
-- master key, one data key per client or purpose and one blind-index key per indexed column, wrapped by the
-- organization's key. Only wrapped Tink keysets are stored, never a plaintext key.

-- Bumped by any process after a rotation or shredding, so other processes drop their key caches.
CREATE TABLE key_generation (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation  bigint  NOT NULL
);
INSERT INTO key_generation (singleton, generation) VALUES (true, 0);

CREATE TABLE org_key (
    org_id          uuid        PRIMARY KEY,
    wrapped_keyset  bytea       NOT NULL,
    master_version  bigint      NOT NULL,  -- the master key version that wraps it
    primary_key_id  bigint      NOT NULL,  -- Tink id of the primary key inside, for key-age reports
    created_at      timestamptz NOT NULL DEFAULT now(),
    rotated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE data_key (
    org_id          uuid        NOT NULL,
    name            text        NOT NULL CHECK (name ~ '^(client:[0-9a-f-]{36}|purpose:[a-z][a-z0-9_.-]{0,62})$'),
    client_id       uuid,
    wrapped_keyset  bytea,                 -- NULL once destroyed (crypto-shredding)
    kek_key_id      bigint,
    primary_key_id  bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    rotated_at      timestamptz NOT NULL DEFAULT now(),
    destroyed_at    timestamptz,
    PRIMARY KEY (org_id, name),
    CHECK ((wrapped_keyset IS NULL) = (destroyed_at IS NOT NULL))
);
CREATE INDEX data_key_client_idx ON data_key (client_id) WHERE client_id IS NOT NULL;

CREATE TABLE index_key (
    org_id          uuid        NOT NULL,
    column_name     text        NOT NULL,
    wrapped_keyset  bytea       NOT NULL,
    kek_key_id      bigint      NOT NULL,
    primary_key_id  bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, column_name)
);

-- Re-encryption under new data keys, done in the background by the running application; the cursor per column set
-- lets an interrupted run resume.
CREATE TABLE reencryption_job (
    id            bigserial   PRIMARY KEY,
    org_id        uuid,                    -- NULL: every organization
    requested_at  timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

CREATE TABLE reencryption_progress (
    job_id       bigint      NOT NULL REFERENCES reencryption_job (id),
    column_set   text        NOT NULL,
    cursor       text,
    batches      bigint      NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    PRIMARY KEY (job_id, column_set)
);

-- The application creates keys, rotates and shreds them (UPDATE), and never deletes a key row: shredding overwrites
-- the wrapped keyset and keeps a tombstone.
GRANT USAGE ON SCHEMA crypto TO ${appRole};
GRANT SELECT, UPDATE ON key_generation TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON org_key, data_key, index_key, reencryption_job, reencryption_progress TO ${appRole};
GRANT USAGE ON SEQUENCE reencryption_job_id_seq TO ${appRole};
