-- An account's e-mail address and display name identify a person (for a client, someone in treatment): both are
-- sealed from now on, like every other identifying value, under the organization's 'accounts' key. Sign-in finds an
-- account by a keyed blind index of the e-mail instead of the address itself.

-- Accounts made before this migration: their plaintext values wait here until Haven seals them at its next start
-- (AccountSealingBacklog), then the rows are deleted. The owner reads past row-level security for this one copy.
CREATE TABLE account_sealing_backlog (
    user_id       uuid PRIMARY KEY,
    org_id        uuid NOT NULL,
    email         text NOT NULL,
    display_name  text NOT NULL
);
ALTER TABLE user_account NO FORCE ROW LEVEL SECURITY;
INSERT INTO account_sealing_backlog (user_id, org_id, email, display_name)
    SELECT id, org_id, email, display_name FROM user_account;
ALTER TABLE user_account FORCE ROW LEVEL SECURITY;

ALTER TABLE user_account DROP COLUMN email;
ALTER TABLE user_account ADD COLUMN email bytea;
ALTER TABLE user_account DROP COLUMN display_name;
ALTER TABLE user_account ADD COLUMN display_name bytea;

ALTER TABLE sign_in_name DROP CONSTRAINT sign_in_name_pkey;
ALTER TABLE sign_in_name DROP COLUMN email;
ALTER TABLE sign_in_name ADD COLUMN email_index bytea;
CREATE UNIQUE INDEX sign_in_name_email_index ON sign_in_name (email_index);

GRANT SELECT, DELETE ON account_sealing_backlog TO ${appRole};
