-- Intake assessments from versioned templates.
--
-- A template version is a definition (JSON: sections of typed items, no client data) kept per organization, so that
-- row-level security holds for it like for every other row: the bundled template is copied into an organization's rows
-- the first time the organization uses intake, and a program director publishes later versions. A version is never
-- changed or removed once written (the trigger below, and the application role may only SELECT and INSERT), so an
-- assessment always renders and hashes against exactly the questions that were asked.
CREATE TABLE intake_template (
    org_id        uuid NOT NULL,
    key           text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{1,63}$'),
    version       integer NOT NULL CHECK (version > 0),
    title         text NOT NULL,
    definition    text NOT NULL,
    bundled       boolean NOT NULL DEFAULT false,
    published_by  uuid,
    published_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key, version)
);

-- One assessment of one client, on one template version. Ids, the template version, dates and the content hash are
-- plaintext so that the rules below can be checked by PostgreSQL; every answer is sealed under the client's key.
CREATE TABLE intake_assessment (
    id                uuid PRIMARY KEY,
    org_id            uuid NOT NULL,
    client_id         uuid NOT NULL REFERENCES client (id),
    author_id         uuid NOT NULL,
    template_key      text NOT NULL,
    template_version  integer NOT NULL,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    signed_at         timestamptz,
    content_hash      text,
    FOREIGN KEY (org_id, template_key, template_version) REFERENCES intake_template (org_id, key, version),
    CHECK ((signed_at IS NULL) = (content_hash IS NULL))
);
CREATE INDEX intake_assessment_client_idx ON intake_assessment (org_id, client_id, created_at);

-- The answers of an assessment, one sealed JSON object per data category of its template: the substance-use
-- sections (42 CFR Part 2) apart from the rest, so that each is decided, audited and opened on its own.
CREATE TABLE intake_answers (
    assessment_id  uuid NOT NULL REFERENCES intake_assessment (id),
    org_id         uuid NOT NULL,
    category       text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    body           bytea NOT NULL,
    PRIMARY KEY (assessment_id, category)
);

CREATE FUNCTION intake_template_unchangeable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'RECORDS_INTAKE_TEMPLATE_PUBLISHED: a published intake template version is never changed or removed';
END;
$$;
CREATE TRIGGER intake_template_unchangeable BEFORE UPDATE OR DELETE ON intake_template
    FOR EACH ROW EXECUTE FUNCTION intake_template_unchangeable();

-- A signed assessment is locked by the database too: its row and its answers never change again, nor are removed.
CREATE FUNCTION intake_assessment_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'RECORDS_INTAKE_ALREADY_SIGNED: a signed intake assessment cannot be changed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER intake_assessment_locked BEFORE UPDATE OR DELETE ON intake_assessment
    FOR EACH ROW EXECUTE FUNCTION intake_assessment_locked();

CREATE FUNCTION intake_answers_locked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    assessment uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.assessment_id ELSE OLD.assessment_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM records.intake_assessment WHERE id = assessment AND signed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'RECORDS_INTAKE_ALREADY_SIGNED: the answers of a signed intake assessment cannot change';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER intake_answers_locked BEFORE INSERT OR UPDATE OR DELETE ON intake_answers
    FOR EACH ROW EXECUTE FUNCTION intake_answers_locked();

GRANT SELECT, INSERT ON intake_template TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON intake_assessment TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON intake_answers TO ${appRole};

ALTER TABLE intake_template ENABLE ROW LEVEL SECURITY;
ALTER TABLE intake_template FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON intake_template
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE intake_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE intake_assessment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON intake_assessment
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE intake_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE intake_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON intake_answers
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
