-- Attendance of scheduled sessions (issue 6, ADR 0012). Minutes and statuses are computed from room_presence and
-- confirmed (or corrected) by the session's staff; each confirmation is a new row, never an update, so a correction
-- keeps what was confirmed before it. The current record of a client in a session is its latest row.
-- Ids, codes, numbers and instants only; the reason for a correction is free text and therefore sealed under the
-- client's key (AES-GCM, associated data binds table, column and row id).
CREATE TABLE attendance_confirmation (
    id                uuid PRIMARY KEY,
    seq               bigint GENERATED ALWAYS AS IDENTITY,
    org_id            uuid NOT NULL,
    session_id        uuid NOT NULL,
    client_id         uuid NOT NULL,
    status            text NOT NULL CHECK (status IN ('PRESENT', 'LATE', 'LEFT_EARLY', 'ABSENT')),
    minutes           integer NOT NULL CHECK (minutes >= 0 AND minutes <= 1440),
    computed_status   text NOT NULL CHECK (computed_status IN ('PRESENT', 'LATE', 'LEFT_EARLY', 'ABSENT')),
    computed_minutes  integer NOT NULL CHECK (computed_minutes >= 0),
    reason            bytea,
    confirmed_by      uuid NOT NULL,
    confirmed_at      timestamptz NOT NULL DEFAULT now(),
    -- A change from what presence showed always carries its reason.
    CHECK ((status = computed_status AND minutes = computed_minutes) OR reason IS NOT NULL),
    CHECK (status <> 'ABSENT' OR minutes = 0)
);
CREATE INDEX attendance_session_idx ON attendance_confirmation (org_id, session_id, client_id, seq);
CREATE INDEX attendance_client_idx ON attendance_confirmation (org_id, client_id, session_id);

-- Presence of a scheduled session is looked up by the rooms it opened.
-- (the index on room (org_id, session_id) is made by V2)

GRANT SELECT, INSERT ON attendance_confirmation TO ${appRole};

ALTER TABLE attendance_confirmation ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance_confirmation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON attendance_confirmation
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
