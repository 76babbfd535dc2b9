-- Diagnoses, medications and allergies, and treatment plans. The ICD-10-CM code, the onset date, the recorded text and
-- the plan's content reveal the client's conditions: all sealed under the client's own key, bound to table, column and
-- row. Ids, statuses, dates of review and the data-category label stay plain: access decisions and "review due"
-- lists need them without opening anything.
CREATE TABLE diagnosis (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL,
    client_id    uuid NOT NULL REFERENCES client (id),
    code         bytea NOT NULL,
    onset        bytea,
    status       text NOT NULL CHECK (status IN ('active', 'resolved')),
    is_primary   boolean NOT NULL DEFAULT false,
    category     text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    recorded_by  uuid NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    -- One active primary diagnosis per client (the one a claim would list first).
    CHECK (NOT is_primary OR status = 'active')
);
CREATE INDEX diagnosis_client_idx ON diagnosis (org_id, client_id);
CREATE UNIQUE INDEX diagnosis_one_primary_idx ON diagnosis (client_id) WHERE is_primary;

-- Medications and allergies as the clinician recorded them (free text), one current entry per client; each change
-- bumps the version so that an edit made meanwhile by someone else is refused, not overwritten.
CREATE TABLE medication_record (
    client_id    uuid PRIMARY KEY REFERENCES client (id),
    org_id       uuid NOT NULL,
    medications  bytea,
    allergies    bytea,
    category     text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    version      integer NOT NULL,
    updated_by   uuid NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A client's treatment plan: the current version's number, when it was last reviewed and the client's agreement.
-- Its content (problems, goals, objectives, interventions) lives in treatment_plan_version, one sealed row per
-- version: earlier versions are kept, never overwritten.
CREATE TABLE treatment_plan (
    id                uuid PRIMARY KEY,
    org_id            uuid NOT NULL,
    client_id         uuid NOT NULL UNIQUE REFERENCES client (id),
    category          text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    version           integer NOT NULL,
    created_by        uuid NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        uuid NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    reviewed_by       uuid,
    reviewed_at       timestamptz,
    agreed_version    integer,
    agreed_by         text CHECK (agreed_by IN ('CLIENT', 'GUARDIAN')),
    agreed_how        text CHECK (agreed_how IN ('IN_SESSION', 'PORTAL')),
    agreed_at         timestamptz,
    agreement_recorded_by uuid
);
CREATE INDEX treatment_plan_org_idx ON treatment_plan (org_id);

CREATE TABLE treatment_plan_version (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL,
    plan_id     uuid NOT NULL REFERENCES treatment_plan (id),
    version     integer NOT NULL,
    content     bytea NOT NULL,
    saved_by    uuid NOT NULL,
    saved_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, version)
);

GRANT SELECT, INSERT, UPDATE ON diagnosis, medication_record, treatment_plan TO ${appRole};
-- Versions are kept as written: no UPDATE.
GRANT SELECT, INSERT ON treatment_plan_version TO ${appRole};

ALTER TABLE diagnosis ENABLE ROW LEVEL SECURITY;
ALTER TABLE diagnosis FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON diagnosis
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE medication_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE medication_record FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON medication_record
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE treatment_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE treatment_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON treatment_plan
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE treatment_plan_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE treatment_plan_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON treatment_plan_version
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
