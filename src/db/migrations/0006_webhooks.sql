-- Outgoing webhooks to apps. Endpoints belong to an account; every event that matches
-- an endpoint becomes one delivery row, delivered at least once by any worker process (claimed
-- with FOR UPDATE SKIP LOCKED and a lease), retried with backoff, and recorded per attempt.
-- Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text,
  -- The signing secret (Standard Webhooks `whsec_<base64>`). It must be recoverable to sign, so
  -- it is not hashed: stored encrypted (`enc:v1:...`, AES-256-GCM) when a webhook secret key is
  -- configured, otherwise as is. See docs/webhooks.md.
  secret text NOT NULL,
  -- After a rotation the previous secret also signs (two signatures) until it expires.
  previous_secret text,
  previous_secret_expires_at bigint,
  event_types text[] NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  disabled_at bigint,
  disabled_reason text
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_account ON webhook_endpoints (account_id, created_at);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  account_id text NOT NULL,
  -- The message id sent as `webhook-id`: the same for every attempt and replay of one event.
  event_id text NOT NULL,
  event_type text NOT NULL,
  generation_id text,
  -- The exact JSON body that is signed and sent.
  payload text NOT NULL,
  -- pending (waiting for an attempt), delivered, failed (gave up).
  status text NOT NULL DEFAULT 'pending',
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at bigint,
  last_attempt_at bigint,
  last_status_code integer,
  last_error text,
  delivered_at bigint,
  failed_at bigint,
  -- Set when a worker claims the delivery; another worker may take over once it expires.
  lease_owner text,
  lease_expires_at bigint,
  -- A replay is a new delivery of the same event; it points at the one it replays.
  replay_of text,
  created_at bigint NOT NULL
);
-- One delivery per endpoint and event (replays excepted), so an event emitted twice is sent once.
CREATE UNIQUE INDEX IF NOT EXISTS webhook_deliveries_once
  ON webhook_deliveries (endpoint_id, event_id) WHERE replay_of IS NULL;
CREATE INDEX IF NOT EXISTS webhook_deliveries_due
  ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE IF NOT EXISTS webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  worker_id text NOT NULL,
  started_at bigint NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);
