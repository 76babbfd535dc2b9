-- Documents uploaded to a client's chart (a referral letter, a signed release, a photo of a lab result). The bytes and
-- the title are sealed under the client's own key, bound to table, column and row. The sniffed content type, the size,
-- the kind and the data-category label stay plain: downloads and access decisions need them without opening anything.
CREATE TABLE document (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    client_id     uuid NOT NULL REFERENCES client (id),
    title         bytea NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('REFERRAL', 'RELEASE', 'LAB_RESULT', 'ASSESSMENT', 'CORRESPONDENCE',
                                                'OTHER')),
    content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes    integer NOT NULL CHECK (size_bytes > 0),
    category      text NOT NULL CHECK (category IN ('GENERAL', 'SUD_PART2')),
    content       bytea NOT NULL,
    uploaded_by   uuid NOT NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_client_idx ON document (org_id, client_id);

-- A document is kept as uploaded: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON document TO ${appRole};

ALTER TABLE document ENABLE ROW LEVEL SECURITY;
ALTER TABLE document FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON document
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
