-- Staff licenses (TH-LIC-01): telehealth is rendered where the client is, so a clinician or facilitator must hold an
-- active license for the state the client confirms at each join. Kept by the organization admin; a license whose
-- expiry date has passed no longer counts. Not PHI (state boards publish them), so stored in the clear.
CREATE TABLE staff_license (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organization (id),
    user_id       uuid NOT NULL REFERENCES user_account (id),
    state         char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
    license_type  text NOT NULL CHECK (license_type IN ('LCSW', 'LPC', 'LMFT', 'LADC', 'CADC', 'PSYCHOLOGIST',
                                                        'PHYSICIAN', 'NURSE_PRACTITIONER')),
    number        text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
    expires_on    date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    uuid NOT NULL,
    changed_at    timestamptz,
    changed_by    uuid,
    UNIQUE (org_id, user_id, state, license_type)
);
CREATE INDEX staff_license_user_idx ON staff_license (user_id, state, expires_on);

GRANT SELECT, INSERT, UPDATE ON staff_license TO ${appRole};

ALTER TABLE staff_license ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff_license FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON staff_license
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
