-- Progress notes for individual sessions (DAP, SOAP, BIRP). The text of every section and addendum is sealed under
-- the client's key; ids, template, kind, category, dates and the content hash are plaintext so the rules below can
-- be checked by PostgreSQL itself.
CREATE TABLE progress_note (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    client_id     uuid NOT NULL REFERENCES client (id),
    author_id     uuid NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('PROGRESS', 'PSYCHOTHERAPY')),
    template      text NOT NULL CHECK (template IN ('DAP', 'SOAP', 'BIRP')),
    category      text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2', 'PSYCHOTHERAPY_NOTE')),
    service_date  date NOT NULL,
    trainee       boolean NOT NULL DEFAULT false,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    signed_at     timestamptz,
    content_hash  text,
    late_entry    boolean,
    cosigned_at   timestamptz,
    cosigned_by   uuid,
    -- A psychotherapy note is always labelled as one, and only it is.
    CHECK ((kind = 'PSYCHOTHERAPY') = (category = 'PSYCHOTHERAPY_NOTE')),
    CHECK ((signed_at IS NULL) = (content_hash IS NULL) AND (signed_at IS NULL) = (late_entry IS NULL)),
    CHECK (cosigned_at IS NULL OR (signed_at IS NOT NULL AND trainee AND cosigned_by IS NOT NULL))
);
CREATE INDEX progress_note_client_idx ON progress_note (org_id, client_id, service_date);

-- One row per section of the note's template, in template order.
CREATE TABLE progress_note_section (
    note_id   uuid NOT NULL REFERENCES progress_note (id),
    org_id    uuid NOT NULL,
    section   text NOT NULL CHECK (section ~ '^[a-z]+$'),
    position  integer NOT NULL,
    body      bytea NOT NULL,
    PRIMARY KEY (note_id, section)
);

-- What may be added to a signed note: never changed once written.
CREATE TABLE progress_note_addendum (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL,
    note_id     uuid NOT NULL REFERENCES progress_note (id),
    author_id   uuid NOT NULL,
    body        bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX progress_note_addendum_note_idx ON progress_note_addendum (note_id, created_at);

-- A signed note is locked by the database too, whatever the application does: its row may only gain a co-signature
-- (once), its sections never change, and neither is ever deleted. The service's guarded UPDATEs are the first line.
CREATE FUNCTION progress_note_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'RECORDS_NOTE_ALREADY_SIGNED: a signed progress note cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.signed_at IS NOT NULL AND (OLD.cosigned_at IS NOT NULL
            OR (to_jsonb(NEW) - 'cosigned_at' - 'cosigned_by') <> (to_jsonb(OLD) - 'cosigned_at' - 'cosigned_by')) THEN
        RAISE EXCEPTION 'RECORDS_NOTE_ALREADY_SIGNED: a signed progress note cannot be edited';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER progress_note_locked BEFORE UPDATE OR DELETE ON progress_note
    FOR EACH ROW EXECUTE FUNCTION progress_note_locked();

CREATE FUNCTION progress_note_section_locked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    note uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.note_id ELSE OLD.note_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM records.progress_note WHERE id = note AND signed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'RECORDS_NOTE_ALREADY_SIGNED: the sections of a signed progress note cannot change';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER progress_note_section_locked BEFORE INSERT OR UPDATE OR DELETE ON progress_note_section
    FOR EACH ROW EXECUTE FUNCTION progress_note_section_locked();

CREATE FUNCTION progress_note_addendum_unchangeable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'RECORDS_NOTE_ADDENDUM_UNCHANGEABLE: an addendum is never changed or removed';
END;
$$;
CREATE TRIGGER progress_note_addendum_unchangeable BEFORE UPDATE OR DELETE ON progress_note_addendum
    FOR EACH ROW EXECUTE FUNCTION progress_note_addendum_unchangeable();

GRANT SELECT, INSERT, UPDATE ON progress_note TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON progress_note_section TO ${appRole};
GRANT SELECT, INSERT ON progress_note_addendum TO ${appRole};

ALTER TABLE progress_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE progress_note FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON progress_note
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE progress_note_section ENABLE ROW LEVEL SECURITY;
ALTER TABLE progress_note_section FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON progress_note_section
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE progress_note_addendum ENABLE ROW LEVEL SECURITY;
ALTER TABLE progress_note_addendum FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON progress_note_addendum
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
