-- Secure messaging (ADR 0013). A thread is about one client and is addressed to that client's care team, not to a
-- person: whoever is on the team handles it. CLIENT_TEAM threads are between the client and the team; STAFF threads
-- are between members of staff about the client and are never shown to the client. Subjects, bodies and attachment
-- bytes are sealed under the client's own key, bound to table, column and row; what stays plain is what access
-- decisions, unread counts and retention need: ids, kinds, instants and sizes.
CREATE TABLE thread (
    id               uuid PRIMARY KEY,
    org_id           uuid NOT NULL,
    client_id        uuid NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('CLIENT_TEAM', 'STAFF')),
    subject          bytea NOT NULL,
    started_by       uuid NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    last_message_at  timestamptz NOT NULL DEFAULT now(),
    voided_at        timestamptz,
    void_reason      text CHECK (void_reason IN ('RETENTION_EXPIRED')),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX thread_client_idx ON thread (org_id, client_id, last_message_at DESC) WHERE voided_at IS NULL;

-- One message. seq orders messages strictly (two in the same microsecond included) and is what read marks point at.
CREATE TABLE message (
    id           uuid PRIMARY KEY,
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    org_id       uuid NOT NULL,
    thread_id    uuid NOT NULL REFERENCES thread (id),
    author       uuid NOT NULL,
    from_client  boolean NOT NULL,
    body         bytea NOT NULL,
    sent_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    voided_at    timestamptz,
    void_reason  text CHECK (void_reason IN ('RETENTION_EXPIRED')),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX message_thread_idx ON message (org_id, thread_id, seq);

-- At most one attachment per message: a PDF or image, its type sniffed from its bytes, sealed whole with its name.
CREATE TABLE attachment (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    message_id    uuid NOT NULL UNIQUE REFERENCES message (id),
    file_name     bytea NOT NULL,
    content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes    integer NOT NULL CHECK (size_bytes > 0),
    content       bytea NOT NULL,
    voided_at     timestamptz
);

-- How far each person has read each thread (the seq of the newest message they have seen).
CREATE TABLE read_mark (
    thread_id      uuid NOT NULL REFERENCES thread (id),
    user_id        uuid NOT NULL,
    org_id         uuid NOT NULL,
    last_read_seq  bigint NOT NULL,
    read_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX read_mark_user_idx ON read_mark (org_id, user_id);

-- A person's communication preferences (portal only, e-mail on or off, quiet hours in their time zone).
CREATE TABLE preference (
    user_id          uuid PRIMARY KEY,
    org_id           uuid NOT NULL,
    email_enabled    boolean NOT NULL DEFAULT true,
    portal_only      boolean NOT NULL DEFAULT false,
    quiet_start      time,
    quiet_end        time,
    zone             text NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- The notification outbox: "something new is waiting in Haven" for one person, due now or when their quiet hours end.
-- One pending notice per person at a time: more messages before it goes out do not send more mail. The sweep claims
-- due notices (SENDING) in a short transaction and mails them outside it, so that a slow relay never holds a lock a
-- send is waiting for; a notice claimed when the process dies stays SENDING (at most once, never twice).
CREATE TABLE notification (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL,
    user_id     uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    due_at      timestamptz NOT NULL,
    sent_at     timestamptz,
    outcome     text CHECK (outcome IN ('SENDING', 'SENT', 'NOT_CONFIGURED', 'NO_ADDRESS', 'FAILED', 'WITHDRAWN')),
    attempts    integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX notification_pending_idx ON notification (org_id, user_id) WHERE sent_at IS NULL;
CREATE INDEX notification_due_idx ON notification (org_id, due_at) WHERE sent_at IS NULL;

-- The organization's retention policy for messages, in years (default 7 when absent; never below 6, the HIPAA
-- documentation floor of REGULATIONS.md ADM-DOC-01 / PRV-RT-01).
CREATE TABLE retention_policy (
    org_id      uuid PRIMARY KEY,
    keep_years  integer NOT NULL CHECK (keep_years BETWEEN 6 AND 30),
    changed_by  uuid NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);

-- The organizations that have messaging data, so that the scheduled jobs (notification delivery, retention purge)
-- know which tenants to visit: row-level security hides every other table until an organization is set. Only
-- organization ids, which the application role knows anyway; no row-level security on purpose.
CREATE TABLE tenant (
    org_id    uuid PRIMARY KEY,
    added_at  timestamptz NOT NULL DEFAULT now()
);

GRANT USAGE ON SCHEMA messaging TO ${appRole};
-- Messages are voided, never deleted: no DELETE on thread, message or attachment.
GRANT SELECT, INSERT, UPDATE ON thread, message, attachment, read_mark, preference, notification, retention_policy
    TO ${appRole};
GRANT SELECT, INSERT ON tenant TO ${appRole};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['thread', 'message', 'attachment', 'read_mark', 'preference', 'notification',
                             'retention_policy']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)'
                       ' WITH CHECK (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)', t);
    END LOOP;
END
$$;
