-- Generations: one row per requested video, driven through the engine's state machine.
-- Times are Unix milliseconds (bigint) so the injected clock, not the database, is the source of
-- time. The provider's operation is opaque JSON (whatever doStart returned).
CREATE TABLE IF NOT EXISTS generations (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  state text NOT NULL,
  provider text NOT NULL,
  -- Routing id `provider:model` and the provider's own model id.
  model text NOT NULL,
  model_id text NOT NULL,
  prompt text NOT NULL,
  -- What the caller asked for, verbatim, and the surface it used.
  requested jsonb NOT NULL,
  size text NOT NULL,
  resolution text NOT NULL,
  duration_seconds real NOT NULL,
  -- Inputs beyond the prompt (reference image, remix source...), as JSON.
  inputs jsonb NOT NULL DEFAULT '{}'::jsonb,
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  emulated boolean NOT NULL DEFAULT false,
  parent_id text,

  -- Provider tracking.
  idempotency_key text NOT NULL UNIQUE,
  operation jsonb,
  provider_job_id text,
  provider_status text,
  start_attempts integer NOT NULL DEFAULT 0,
  -- Consecutive failed attempts of the current step (reset on progress).
  attempts integer NOT NULL DEFAULT 0,
  status_checks integer NOT NULL DEFAULT 0,
  next_check_at bigint,
  lease_owner text,
  lease_expires_at bigint,
  -- Bumped on every claim and on cancel/delete: a worker's write only lands while it still
  -- holds the same token (fencing against a lease that expired under a slow worker).
  lease_token bigint NOT NULL DEFAULT 0,
  -- Number of state changes so far (the seq of the last generation_steps row).
  step_seq integer NOT NULL DEFAULT 0,

  -- Progress and ETA.
  progress integer NOT NULL DEFAULT 0,
  queue_position integer,
  eta_at bigint,
  first_progress_at bigint,
  first_progress integer,
  last_progress_at bigint,
  expected_total_ms bigint,

  -- The provider's result, while it is being copied.
  result jsonb,
  result_expires_at bigint,

  -- Failure.
  error_code text,
  error_message text,
  error_retryable boolean,
  error_hint text,

  cost_usd numeric(14, 4),

  -- Our stored copies.
  video_key text,
  video_bytes bigint,
  video_sha256 text,
  video_content_type text,
  thumbnail_key text,
  thumbnail_bytes bigint,
  thumbnail_sha256 text,
  thumbnail_content_type text,
  spritesheet_key text,
  spritesheet_bytes bigint,
  spritesheet_sha256 text,
  spritesheet_content_type text,

  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  submitted_at bigint,
  started_at bigint,
  provider_completed_at bigint,
  stored_at bigint,
  completed_at bigint,
  deadline_at bigint
);

-- The worker's claim: due, unleased rows in a non-final state.
CREATE INDEX IF NOT EXISTS generations_due_idx ON generations (next_check_at)
  WHERE state IN ('accepted', 'submitted', 'running', 'downloading', 'stored');
CREATE INDEX IF NOT EXISTS generations_account_idx ON generations (account_id, created_at, id);
CREATE INDEX IF NOT EXISTS generations_provider_job_idx ON generations (provider, provider_job_id);
-- Learning expected durations from past jobs of the same model and size.
CREATE INDEX IF NOT EXISTS generations_timing_idx ON generations (model, size, provider_completed_at)
  WHERE provider_completed_at IS NOT NULL;

-- Every step a worker committed, for audit and for proving no step ran twice.
CREATE TABLE IF NOT EXISTS generation_steps (
  generation_id text NOT NULL,
  seq integer NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  worker_id text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (generation_id, seq)
);

-- Provider webhook deliveries seen (for ignoring duplicates and replays).
CREATE TABLE IF NOT EXISTS provider_webhook_events (
  provider text NOT NULL,
  event_id text NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (provider, event_id)
);
