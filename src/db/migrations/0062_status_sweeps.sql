-- Status sweeps (src/worker/status-sweep.ts): when the next sweep of each provider's job list is
-- due, shared by every worker, so that one worker sweeps per interval however many run.
CREATE TABLE IF NOT EXISTS status_sweeps (
  provider text PRIMARY KEY,
  next_at bigint NOT NULL
);

-- The running generations of one provider (counted before each sweep).
CREATE INDEX IF NOT EXISTS generations_running_provider_idx ON generations (provider)
  WHERE state = 'running' AND provider_job_id IS NOT NULL;

-- A completed job's status as a sweep listed it ({"jobId", "result"}): the status step stores
-- the video from it instead of asking the provider again.
ALTER TABLE generations ADD COLUMN IF NOT EXISTS listed_result jsonb;
