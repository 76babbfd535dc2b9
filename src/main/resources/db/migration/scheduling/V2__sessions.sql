-- Scheduled sessions (ADR 0010). Times are instants (timestamptz, i.e. UTC); each program has a time zone in which its
-- weekly patterns are meant, so that "Mon 18:00" stays 18:00 local across daylight-saving changes.
ALTER TABLE program_profile ADD COLUMN zone text NOT NULL DEFAULT 'America/New_York';

-- A recurring group: a weekly pattern (the track's, or one of its own) over a date range. Its occurrences are written
-- out as session rows when it is scheduled; an exception is simply an occurrence moved or cancelled on its own.
CREATE TABLE session_series (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    program_id      uuid NOT NULL REFERENCES program_profile (program_id),
    track_id        uuid NOT NULL REFERENCES track (id),
    days            text NOT NULL,
    starts_at       time NOT NULL,
    ends_at         time NOT NULL CHECK (ends_at > starts_at),
    first_date      date NOT NULL,
    last_date       date NOT NULL CHECK (last_date >= first_date),
    zone            text NOT NULL,
    created_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_series_track_idx ON session_series (org_id, track_id);

-- One session: an occurrence of a group series or an individual session (one clinician, one client). Only ids and
-- times; that a client has an individual session is client data, decided by consent.AccessDecisions when read.
CREATE TABLE session (
    id               uuid PRIMARY KEY,
    org_id           uuid NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('GROUP', 'INDIVIDUAL')),
    program_id       uuid,
    track_id         uuid REFERENCES track (id),
    series_id        uuid REFERENCES session_series (id),
    occurrence_date  date,
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL CHECK (ends_at > starts_at),
    zone             text NOT NULL,
    status           text NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    moved            boolean NOT NULL DEFAULT false,
    facilitator      uuid NOT NULL,
    co_facilitator   uuid CHECK (co_facilitator IS NULL OR co_facilitator <> facilitator),
    client_id        uuid,
    capacity         integer NOT NULL CHECK (capacity > 0),
    created_by       uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1,
    CHECK ((kind = 'GROUP' AND track_id IS NOT NULL AND client_id IS NULL)
        OR (kind = 'INDIVIDUAL' AND client_id IS NOT NULL AND track_id IS NULL AND co_facilitator IS NULL)),
    UNIQUE (series_id, occurrence_date)
);
CREATE INDEX session_time_idx ON session (org_id, starts_at);
CREATE INDEX session_track_idx ON session (org_id, track_id, starts_at);
CREATE INDEX session_staff_idx ON session (org_id, facilitator, starts_at);
CREATE INDEX session_client_idx ON session (org_id, client_id) WHERE client_id IS NOT NULL;

-- A group's roster is the track's actively enrolled clients (read at the time) plus these explicit additions.
CREATE TABLE session_roster_addition (
    session_id  uuid NOT NULL REFERENCES session (id),
    client_id   uuid NOT NULL,
    org_id      uuid NOT NULL,
    added_by    uuid NOT NULL,
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, client_id)
);
CREATE INDEX session_roster_client_idx ON session_roster_addition (org_id, client_id);

-- In-app notices to the people a change affects: a member of staff by account, a client by client id (shown on their
-- own pages). The text is fixed wording with a date and never more ("Your session on Mon 7 Dec 2026 moved.").
CREATE TABLE session_notice (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    session_id    uuid NOT NULL REFERENCES session (id),
    user_id       uuid,
    client_id     uuid,
    text          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    dismissed_at  timestamptz,
    CHECK ((user_id IS NULL) <> (client_id IS NULL))
);
CREATE INDEX session_notice_user_idx ON session_notice (org_id, user_id) WHERE dismissed_at IS NULL;
CREATE INDEX session_notice_client_idx ON session_notice (org_id, client_id) WHERE dismissed_at IS NULL;

-- A calendar app fetches a person's feed without signing in, so nobody knows the organization yet: like
-- identity.invitation_token, this table alone answers that question across tenants. It holds the SHA-256 of the
-- token (shown once, never stored) and two ids; the feed itself is read under the organization's row-level security.
CREATE TABLE calendar_feed (
    user_id     uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    org_id      uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON session_series, session, session_notice TO ${appRole};
GRANT SELECT, INSERT ON session_roster_addition TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_feed TO ${appRole};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['session_series', 'session', 'session_roster_addition', 'session_notice']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)'
                       ' WITH CHECK (org_id = nullif(current_setting(''haven.org_id'', true), '''')::uuid)', t);
    END LOOP;
END
$$;
