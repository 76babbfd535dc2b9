-- Records that the demo organization was seeded, so that a restart never seeds it twice.
CREATE TABLE demo_seed (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    org_id      uuid NOT NULL,
    seeded_at   timestamptz NOT NULL DEFAULT now()
);

GRANT USAGE ON SCHEMA operations TO ${appRole};
GRANT SELECT, INSERT ON demo_seed TO ${appRole};
