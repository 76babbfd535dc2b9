-- Measurement-based care: PHQ-9 and GAD-7 answers, and the safety tasks a worrying answer opens.
--
-- The answers are clinical content: sealed under the client's own key (AES-256-GCM bound to table, column and row).
-- The total and the severity band are not stored at all, sealed or not: they follow from the answers, so Haven
-- computes them (and the trend) after opening, and there is no second copy that could disagree or leak. The
-- instrument (its LOINC panel code), the data category, who submitted and when are plaintext: codes and ids, needed
-- to list a client's measures in order without opening every row.
CREATE TABLE measure (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    client_id     uuid NOT NULL REFERENCES client (id),
    instrument    text NOT NULL CHECK (instrument IN ('44249-1', '69737-5')),
    category      text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    answers       bytea NOT NULL,
    submitted_by  uuid NOT NULL,
    purpose       text NOT NULL,
    submitted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measure_client_idx ON measure (org_id, client_id, submitted_at);

-- Urgent work for a client's care team. The kind is a code ('PHQ9_ITEM9'); that such a task exists says a client
-- answered the self-harm item above 0, which is why the table is tenant-isolated like the rest and only shown to
-- people the policy lets see the client's general record.
CREATE TABLE safety_task (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL,
    client_id   uuid NOT NULL REFERENCES client (id),
    kind        text NOT NULL CHECK (kind IN ('PHQ9_ITEM9')),
    measure_id  uuid REFERENCES measure (id),
    opened_at   timestamptz NOT NULL DEFAULT now(),
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_by   uuid,
    closed_at   timestamptz,
    CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX safety_task_open_idx ON safety_task (org_id, client_id) WHERE status = 'open';

GRANT SELECT, INSERT ON measure TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON safety_task TO ${appRole};

ALTER TABLE measure ENABLE ROW LEVEL SECURITY;
ALTER TABLE measure FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON measure
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE safety_task ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_task FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_task
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
