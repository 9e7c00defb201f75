-- Provider request rates shared by every worker process (src/worker/provider-rate-limit.ts).
-- One row per provider holds the GCRA "theoretical arrival time" (Unix ms, fractional): a worker
-- may call the provider when tat - now <= burst tolerance, and moves tat one interval forward in
-- the same UPDATE. Row locking makes concurrent workers take distinct slots.
CREATE TABLE IF NOT EXISTS provider_rate_limits (
  provider text PRIMARY KEY,
  tat double precision NOT NULL DEFAULT 0
);
