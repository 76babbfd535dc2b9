-- Lockout after repeated failed sign-ins, with exponential back-off (ADM-TR-01): the counters live with the account.
ALTER TABLE user_account
    ADD COLUMN failed_attempts  int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    ADD COLUMN lock_count       int NOT NULL DEFAULT 0 CHECK (lock_count >= 0),
    ADD COLUMN locked_until     timestamptz;
