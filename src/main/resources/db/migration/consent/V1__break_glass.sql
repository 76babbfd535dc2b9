-- Break-glass: emergency access to a client outside one's care team, for at most 60 minutes, with a typed reason
-- (sealed under the client's key: it may name the emergency), reviewed afterwards by the privacy officer.
CREATE TABLE break_glass (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL,
    user_id      uuid NOT NULL,
    client_id    uuid NOT NULL,
    reason       bytea NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    reviewed_by  uuid,
    reviewed_at  timestamptz,
    review_note  bytea,
    CHECK (expires_at > started_at AND expires_at <= started_at + interval '60 minutes'),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL))
);
CREATE INDEX break_glass_user_idx ON break_glass (user_id, expires_at);
CREATE INDEX break_glass_review_idx ON break_glass (org_id) WHERE reviewed_at IS NULL;

GRANT USAGE ON SCHEMA consent TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON break_glass TO ${appRole};

ALTER TABLE break_glass ENABLE ROW LEVEL SECURITY;
ALTER TABLE break_glass FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON break_glass
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
