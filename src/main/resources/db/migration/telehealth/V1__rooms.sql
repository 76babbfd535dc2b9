-- Telehealth rooms: a 1:1 room a clinician opens for a client of their care team (later also opened by a scheduled
-- session), and the server's view of who was in it when (attendance is computed from this later). Ids, codes and
-- instants only: no names, no free text, never a media key (keys exist only in the participants' browsers).
CREATE TABLE room (
    id                uuid PRIMARY KEY,
    org_id            uuid NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('INDIVIDUAL')),
    client_id         uuid NOT NULL,
    host_user         uuid NOT NULL,
    session_id        uuid,
    status            text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    locked            boolean NOT NULL DEFAULT false,
    opened_by         uuid NOT NULL,
    opened_at         timestamptz NOT NULL DEFAULT now(),
    last_activity_at  timestamptz NOT NULL DEFAULT now(),
    closed_at         timestamptz,
    close_reason      text CHECK (close_reason IN ('ENDED', 'IDLE')),
    CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
);
CREATE INDEX room_client_idx ON room (org_id, client_id, status);
CREATE INDEX room_host_idx ON room (org_id, host_user, status);

-- One stay of one person in a room: when they asked to join, when they were admitted (if ever), when they left.
CREATE TABLE room_presence (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL,
    room_id      uuid NOT NULL REFERENCES room (id),
    user_id      uuid NOT NULL,
    role         text NOT NULL CHECK (role IN ('HOST', 'GUEST')),
    joined_at    timestamptz NOT NULL,
    admitted_at  timestamptz,
    left_at      timestamptz,
    left_how     text CHECK (left_how IN ('LEFT', 'REMOVED', 'SENT_BACK', 'ENDED', 'DISCONNECTED'))
);
CREATE INDEX room_presence_room_idx ON room_presence (org_id, room_id, joined_at);

GRANT USAGE ON SCHEMA telehealth TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON room, room_presence TO ${appRole};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['room', 'room_presence']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)'
                       ' WITH CHECK (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)', t);
    END LOOP;
END
$$;
