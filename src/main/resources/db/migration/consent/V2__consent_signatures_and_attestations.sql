-- Consents a client signs (TH-CON-01, group confidentiality) and the location they confirm at each join (TH-LOC-01).

-- A signature names the exact text signed: its kind, version and SHA-256 of the bundled text. A new version of a text
-- needs a new signature. The name the client typed identifies them: sealed under the client's key.
CREATE TABLE consent_signature (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    client_id       uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('TELEHEALTH', 'GROUP_AGREEMENT')),
    text_version    integer NOT NULL CHECK (text_version > 0),
    content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    typed_name      bytea NOT NULL,
    agreed          boolean NOT NULL CHECK (agreed),
    signed_by       uuid NOT NULL,
    signed_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_id, kind, text_version)
);
CREATE INDEX consent_signature_org_idx ON consent_signature (org_id, client_id);

-- Where a client is at one join: the state (licensure), an address for emergencies (sealed: it locates a person in
-- treatment) and their statement that they are in a private space. Only private ones are stored (a client who is not
-- in a private space is refused before anything is written); the column states it anyway.
CREATE TABLE location_attestation (
    id                 uuid PRIMARY KEY,
    org_id             uuid NOT NULL,
    client_id          uuid NOT NULL,
    session_id         uuid NOT NULL,
    state              char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
    emergency_address  bytea NOT NULL,
    private_space      boolean NOT NULL,
    attested_by        uuid NOT NULL,
    attested_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX location_attestation_client_idx ON location_attestation (client_id, session_id, attested_at);

GRANT SELECT, INSERT ON consent_signature, location_attestation TO ${appRole};

ALTER TABLE consent_signature ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_signature FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON consent_signature
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE location_attestation ENABLE ROW LEVEL SECURITY;
ALTER TABLE location_attestation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON location_attestation
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
