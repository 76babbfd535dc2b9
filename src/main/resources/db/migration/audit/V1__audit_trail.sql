-- The audit trail: an inbox written in callers' transactions, and the hash-chained, append-only entry table that a
-- single chainer at a time (pg_advisory_xact_lock) fills from it in batches. See docs/adr/0005-audit-chain.md.

-- Chained entries. seq runs 1, 2, 3... without gaps; hash = SHA-256(prev_hash || canonical(entry)) computed in Java
-- (AuditCanonical), so the columns below are exactly the hashed fields. details holds ids and codes only, never PHI.
CREATE TABLE entry (
    seq             bigint PRIMARY KEY CHECK (seq > 0),
    entry_id        uuid NOT NULL UNIQUE,
    org_id          uuid,
    occurred_at     timestamptz NOT NULL,
    actor_user      uuid,
    actor_role      text NOT NULL,
    actor_session   text,
    source_address  text,
    action          text NOT NULL,
    client_id       uuid,
    resource_type   text,
    resource_id     text,
    purpose         text NOT NULL,
    outcome         text NOT NULL,
    details         text NOT NULL,
    prev_hash       bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash            bytea NOT NULL CHECK (length(hash) = 32)
);

-- "Every access to client X", "every client user U touched between two times" (breach scope), "by action and time".
CREATE INDEX entry_client_idx ON entry (client_id, occurred_at, seq) WHERE client_id IS NOT NULL;
CREATE INDEX entry_actor_idx ON entry (actor_user, occurred_at, seq) INCLUDE (client_id, org_id) WHERE actor_user IS NOT NULL;
CREATE INDEX entry_action_idx ON entry (action, occurred_at, seq);

-- Entries written in a caller's transaction wait here until the chainer moves them into entry (milliseconds).
CREATE TABLE pending (
    pending_id      bigserial PRIMARY KEY,
    queued_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    entry_id        uuid NOT NULL UNIQUE,
    org_id          uuid,
    occurred_at     timestamptz NOT NULL,
    actor_user      uuid,
    actor_role      text NOT NULL,
    actor_session   text,
    source_address  text,
    action          text NOT NULL,
    client_id       uuid,
    resource_type   text,
    resource_id     text,
    purpose         text NOT NULL,
    outcome         text NOT NULL,
    details         text NOT NULL
);

-- Append-only, loudly: even the owner (or a migration written by mistake) cannot change or remove an entry without
-- first disabling these triggers, which the verifier would then catch anyway.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER entry_no_update_or_delete BEFORE UPDATE OR DELETE ON entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The application role appends and reads entries, nothing else; the inbox is its own working table.
GRANT USAGE ON SCHEMA audit TO ${appRole};
GRANT SELECT, INSERT ON entry TO ${appRole};
GRANT SELECT, INSERT, DELETE ON pending TO ${appRole};
GRANT USAGE ON SEQUENCE pending_pending_id_seq TO ${appRole};
