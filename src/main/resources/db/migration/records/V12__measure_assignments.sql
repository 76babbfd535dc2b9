-- Questionnaires a clinician assigns to a client on a schedule (measurement-based care): PHQ-9 or GAD-7, first due
-- on a day, then every 7 or 14 days until ended. What falls due is computed from these and the client's submitted
-- questionnaires (records.measure); nothing about the answers is kept here. One schedule in force per instrument.
CREATE TABLE measure_assignment (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL,
    client_id    uuid NOT NULL REFERENCES client (id),
    instrument   text NOT NULL CHECK (instrument IN ('44249-1', '69737-5')),
    category     text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    every_days   integer NOT NULL CHECK (every_days IN (7, 14)),
    first_due    date NOT NULL,
    assigned_by  uuid NOT NULL,
    assigned_at  timestamptz NOT NULL DEFAULT now(),
    ended_by     uuid,
    ended_at     timestamptz,
    CHECK ((ended_by IS NULL) = (ended_at IS NULL))
);
CREATE UNIQUE INDEX measure_assignment_in_force ON measure_assignment (client_id, instrument) WHERE ended_at IS NULL;
CREATE INDEX measure_assignment_client_idx ON measure_assignment (org_id, client_id);

GRANT SELECT, INSERT, UPDATE ON measure_assignment TO ${appRole};

ALTER TABLE measure_assignment ENABLE ROW LEVEL SECURITY;
ALTER TABLE measure_assignment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON measure_assignment
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
