-- Group notes: one group-level record (who ran which group, on which day) fanned out into one ordinary progress note
-- per attendee, in that attendee's own record, holding the group's topic and curriculum item and that person's
-- participation, sealed under the attendee's key. The group-level row names no client and holds no clinical text:
-- who attended is known only through the links below, each of which points at one attendee's note, so reading the
-- attendee list means reading every attendee's note, each decided on its own.
CREATE TABLE group_note (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    author_id     uuid NOT NULL,
    service_date  date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One link per attendee: the attendee's progress note of this group session.
CREATE TABLE group_note_attendee (
    group_note_id  uuid NOT NULL REFERENCES group_note (id),
    note_id        uuid NOT NULL UNIQUE REFERENCES progress_note (id),
    org_id         uuid NOT NULL,
    PRIMARY KEY (group_note_id, note_id)
);

-- The per-attendee note's template: the group's topic and curriculum item, then the attendee's participation.
ALTER TABLE progress_note DROP CONSTRAINT progress_note_template_check;
ALTER TABLE progress_note ADD CONSTRAINT progress_note_template_check
    CHECK (template IN ('DAP', 'SOAP', 'BIRP', 'GROUP'));

GRANT SELECT, INSERT ON group_note TO ${appRole};
GRANT SELECT, INSERT ON group_note_attendee TO ${appRole};

ALTER TABLE group_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_note FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON group_note
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE group_note_attendee ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_note_attendee FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON group_note_attendee
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
