-- Invitations: an organization admin invites someone by e-mail; the invited account stays 'invited' (it cannot sign
-- in) until the person opens the single-use link, within 72 hours, and chooses a password.
CREATE TABLE invitation (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organization (id),
    user_id     uuid NOT NULL REFERENCES user_account (id),
    invited_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX invitation_user_idx ON invitation (user_id);

-- The link is opened by someone not yet signed in, so nobody knows the organization yet: like sign_in_name, this
-- table alone answers that question across tenants. It holds only the SHA-256 of the token (the token itself is
-- shown once to the admin and never stored) and the two ids; everything else is read under the organization's
-- row-level security once the organization is known.
CREATE TABLE invitation_token (
    token_hash     bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    invitation_id  uuid NOT NULL UNIQUE REFERENCES invitation (id),
    org_id         uuid NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON invitation TO ${appRole};
GRANT SELECT, INSERT ON invitation_token TO ${appRole};

ALTER TABLE invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON invitation
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
