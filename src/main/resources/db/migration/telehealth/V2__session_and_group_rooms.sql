-- Rooms of scheduled sessions and group rooms. A scheduled session has at most one open room (opened 15 minutes
-- before it starts, by the first person with a seat who arrives); a group room belongs to no single client, so its
-- client_id is empty and its seats come from the session's staff and roster. Still ids, codes and instants only.
ALTER TABLE room DROP CONSTRAINT room_kind_check;
ALTER TABLE room ADD CONSTRAINT room_kind_check CHECK (kind IN ('INDIVIDUAL', 'GROUP'));
ALTER TABLE room ALTER COLUMN client_id DROP NOT NULL;
ALTER TABLE room ADD CONSTRAINT room_client_of_individual CHECK ((kind = 'INDIVIDUAL') = (client_id IS NOT NULL));
ALTER TABLE room ADD CONSTRAINT room_group_has_session CHECK (kind = 'INDIVIDUAL' OR session_id IS NOT NULL);
CREATE UNIQUE INDEX room_open_session_idx ON room (org_id, session_id) WHERE session_id IS NOT NULL AND status = 'OPEN';
CREATE INDEX room_session_idx ON room (org_id, session_id);

-- A guest's stay is for one client (the account joining is that client's own): attendance is counted per client.
ALTER TABLE room_presence ADD COLUMN client_id uuid;
