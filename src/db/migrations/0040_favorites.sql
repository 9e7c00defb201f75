-- Favourite generations, per account (the studio's star). A favourite goes away with its
-- generation. Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS favorites (
  account_id text NOT NULL,
  generation_id text NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  PRIMARY KEY (account_id, generation_id)
);

CREATE INDEX IF NOT EXISTS favorites_account_created ON favorites (account_id, created_at DESC);
