-- Whether a client's "who viewed my record" names each member of staff or shows their role only: the organization
-- decides (HIPAA requires neither); names unless it says otherwise.
ALTER TABLE organization ADD COLUMN access_log_shows_names boolean NOT NULL DEFAULT true;
