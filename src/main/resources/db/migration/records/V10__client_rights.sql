-- The client's rights over their own record (45 CFR 164.524 access, 164.526 amendment), each request tracked
-- against its legal clock. Free text a client or clinician writes is sealed under the client's key (the associated
-- data binds table, column and row), so crypto-shredding a client removes it too. Clocks run in whole 24-hour days
-- (720 and 1440 hours), the same in every time zone.

-- A request for a copy of the record (right of access): due 30 days after it is received. A download from the
-- portal is fulfilled the moment it is made; a request for staff to fulfil (records kept outside Haven, a format
-- Haven does not produce) stays open until a member of the care team marks it done, saying how.
CREATE TABLE access_request (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    client_id       uuid NOT NULL REFERENCES client (id),
    requested_by    uuid NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    due_at          timestamptz NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('PORTAL_DOWNLOAD', 'STAFF')),
    format          text NOT NULL CHECK (format IN ('PDF', 'FHIR', 'OTHER')),
    details         bytea,
    fulfilled_at    timestamptz,
    fulfilled_by    uuid,
    fulfilment_note bytea,
    CHECK (due_at = requested_at + interval '720 hours'),
    CHECK ((fulfilled_at IS NULL) = (fulfilled_by IS NULL))
);
CREATE INDEX access_request_client_idx ON access_request (client_id, requested_at);
CREATE INDEX access_request_open_idx ON access_request (org_id, due_at) WHERE fulfilled_at IS NULL;

-- A request to amend the record (what is wrong, and why): due 60 days after it is received, accepted or denied by
-- the client's clinician with a reason either way. The request is never changed after it is made; the decision is
-- written once.
CREATE TABLE amendment_request (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    client_id       uuid NOT NULL REFERENCES client (id),
    requested_by    uuid NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    due_at          timestamptz NOT NULL,
    what            bytea NOT NULL,
    why             bytea NOT NULL,
    status          text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACCEPTED', 'DENIED')),
    decided_by      uuid,
    decided_at      timestamptz,
    decision_reason bytea,
    CHECK (due_at = requested_at + interval '1440 hours'),
    CHECK ((status = 'OPEN') = (decided_at IS NULL)),
    CHECK ((decided_at IS NULL) = (decided_by IS NULL) AND (decided_at IS NULL) = (decision_reason IS NULL))
);
CREATE INDEX amendment_request_client_idx ON amendment_request (client_id, requested_at);
CREATE INDEX amendment_request_open_idx ON amendment_request (org_id, due_at) WHERE status = 'OPEN';

-- Requests are kept: no DELETE.
GRANT SELECT, INSERT, UPDATE ON access_request, amendment_request TO ${appRole};

ALTER TABLE access_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_request FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON access_request
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);

ALTER TABLE amendment_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE amendment_request FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON amendment_request
    USING (org_id = nullif(current_setting('haven.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('haven.org_id', true), '')::uuid);
