-- App-side idempotency: a create request sent with an `Idempotency-Key` header is remembered per
-- account (at least 24 hours) with a fingerprint of its body and, once answered, the answer.
-- The same key and body get the same answer; another body gets 409 idempotency_key_reused.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  account_id text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  -- 'pending' while the first request runs (until locked_until), then 'done'.
  state text NOT NULL,
  status integer,
  content_type text,
  body text,
  generation_id text,
  created_at bigint NOT NULL,
  locked_until bigint NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (account_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
