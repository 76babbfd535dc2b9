-- What the client portal needs from the chart: the client's e-signature of a treatment plan version, a clinician's
-- recorded exception for withholding one signed note from the client, and the documents staff shared with the client.

-- A client's e-signature of one version of their treatment plan (the agreement recorded on treatment_plan is the
-- latest; this keeps every signature). It names the exact version signed by its content's SHA-256: a newer version
-- needs a new signature. The typed name identifies the client: sealed under their key. The source address is where
-- the signature came from, as the server saw it (an e-signature record, like the time).
CREATE TABLE treatment_plan_signature (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    plan_id         uuid NOT NULL REFERENCES treatment_plan (id),
    client_id       uuid NOT NULL REFERENCES client (id),
    version         integer NOT NULL CHECK (version > 0),
    content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    typed_name      bytea NOT NULL,
    source_address  text NOT NULL,
    signed_by       uuid NOT NULL,
    signed_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, version)
);
CREATE INDEX treatment_plan_signature_client_idx ON treatment_plan_signature (org_id, client_id);

-- Open notes (ONC-IB-03): a signed progress note is the client's to read at once, unless a clinician withholds that
-- one note under a documented information-blocking exception (ONC-IB-04). The exception code is plain (it drives
-- what the client is told: "one note is not shown"); the facts supporting it are sealed under the client's key.
-- Releasing it again records who and when; the row is never removed.
CREATE TABLE note_withholding (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    client_id       uuid NOT NULL REFERENCES client (id),
    note_id         uuid NOT NULL REFERENCES progress_note (id),
    exception       text NOT NULL CHECK (exception IN ('PREVENTING_HARM', 'PRIVACY_INDIVIDUAL_REQUEST', 'PRIVACY',
                                                       'SECURITY', 'INFEASIBILITY')),
    reason          bytea NOT NULL,
    withheld_by     uuid NOT NULL,
    withheld_at     timestamptz NOT NULL DEFAULT now(),
    released_by     uuid,
    released_at     timestamptz,
    CHECK ((released_by IS NULL) = (released_at IS NULL))
);
-- At most one withholding in force per note.
CREATE UNIQUE INDEX note_withholding_in_force ON note_withholding (note_id) WHERE released_at IS NULL;
CREATE INDEX note_withholding_client_idx ON note_withholding (org_id, client_id);

-- A chart document shared with the client (listed and downloadable in the portal). Documents themselves stay as
-- uploaded; sharing is a row of its own, kept with who shared it and when.
CREATE TABLE document_share (
    document_id  uuid PRIMARY KEY REFERENCES document (id),
    org_id       uuid NOT NULL,
    client_id    uuid NOT NULL REFERENCES client (id),
    shared_by    uuid NOT NULL,
    shared_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_share_client_idx ON document_share (org_id, client_id);

-- Signatures and shares are kept as written; a withholding only gains its release.
GRANT SELECT, INSERT ON treatment_plan_signature, document_share TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON note_withholding TO ${appRole};

ALTER TABLE treatment_plan_signature ENABLE ROW LEVEL SECURITY;
ALTER TABLE treatment_plan_signature FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON treatment_plan_signature
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE note_withholding ENABLE ROW LEVEL SECURITY;
ALTER TABLE note_withholding FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON note_withholding
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE document_share ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_share FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON document_share
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
