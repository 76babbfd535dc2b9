-- The devices (a browser and system, and the address it came from) each account has signed in from, so that a
-- sign-in from somewhere new can be told to the person (SEC-AC, account takeover is noticed by its owner first).
-- The summary is coarse on purpose ("Firefox on Linux"): enough for a person to recognise, not a fingerprint.
CREATE TABLE known_device (
    id                   uuid        PRIMARY KEY,
    org_id               uuid        NOT NULL,
    user_id              uuid        NOT NULL REFERENCES user_account (id),
    device               text        NOT NULL,
    source_address       text        NOT NULL,
    first_seen_at        timestamptz NOT NULL,
    -- null while the new-sign-in notice is still to be shown; the first device an account ever uses gets no notice
    notice_dismissed_at  timestamptz,
    CONSTRAINT known_device_once UNIQUE (user_id, device, source_address)
);
CREATE INDEX known_device_notice ON known_device (user_id) WHERE notice_dismissed_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON known_device TO ${appRole};

ALTER TABLE known_device ENABLE ROW LEVEL SECURITY;
ALTER TABLE known_device FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON known_device
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
