-- Programs as the clinic runs them: a profile for each identity.program (level of care, population, required hours,
-- capacity) and its tracks (the weekly schedule a cohort attends). None of this is about a client: plaintext.
CREATE TABLE program_profile (
    program_id      uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    level_of_care   text NOT NULL,
    population      text NOT NULL CHECK (population IN ('ADULT', 'ADOLESCENT')),
    required_hours  numeric(4, 1) NOT NULL CHECK (required_hours > 0 AND required_hours <= 60),
    capacity        integer NOT NULL CHECK (capacity > 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE track (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL,
    program_id  uuid NOT NULL REFERENCES program_profile (program_id),
    name        text NOT NULL,
    days        text NOT NULL,
    starts_at   time NOT NULL,
    ends_at     time NOT NULL CHECK (ends_at > starts_at),
    capacity    integer NOT NULL CHECK (capacity > 0),
    UNIQUE (program_id, name)
);
CREATE INDEX track_program_idx ON track (org_id, program_id);

-- A client in a track. Which track, the dates and the status are ids and codes; that a client is enrolled at all is
-- still client data, so the table is tenant-isolated and every read is decided by consent.AccessDecisions.
CREATE TABLE enrollment (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    client_id       uuid NOT NULL,
    track_id        uuid NOT NULL REFERENCES track (id),
    admitted_on     date NOT NULL,
    expected_weeks  integer NOT NULL CHECK (expected_weeks BETWEEN 1 AND 104),
    status          text NOT NULL CHECK (status IN ('ACTIVE', 'ON_HOLD', 'DISCHARGED')),
    level_of_care   text NOT NULL,
    enrolled_by     uuid NOT NULL,
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX enrollment_client_idx ON enrollment (org_id, client_id);
CREATE INDEX enrollment_track_idx ON enrollment (org_id, track_id, status);

-- Every change of level of care or status, kept (void, don't delete). The reason is clinical text: sealed under the
-- client's key, bound to this table, column and row.
CREATE TABLE enrollment_change (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL,
    enrollment_id  uuid NOT NULL REFERENCES enrollment (id),
    client_id      uuid NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('LEVEL_OF_CARE', 'STATUS')),
    from_value     text NOT NULL,
    to_value       text NOT NULL,
    reason         bytea,
    changed_by     uuid NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrollment_change_idx ON enrollment_change (org_id, enrollment_id, changed_at);

GRANT USAGE ON SCHEMA scheduling TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON program_profile, track, enrollment TO ${appRole};
GRANT SELECT, INSERT ON enrollment_change TO ${appRole};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['program_profile', 'track', 'enrollment', 'enrollment_change']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)'
                       ' WITH CHECK (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)', t);
    END LOOP;
END
$$;
