-- Reusable reference images (characters, objects, styles), per account. The image itself is in
-- storage under `key` (derived from the id); generations copy what they need into `inputs`, so
-- deleting an asset never breaks a generation already made with it. Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS assets (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('character', 'object', 'style')),
  name text NOT NULL,
  description text,
  key text NOT NULL,
  media_type text NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  created_at bigint NOT NULL
);

CREATE INDEX IF NOT EXISTS assets_account_created ON assets (account_id, created_at DESC, id DESC);
