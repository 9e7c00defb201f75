-- When an active generation is due, as the worker's claim and next-due queries compute it
-- (src/db/queries/claim-due.ts `dueAt`; the expression must stay identical for the planner to
-- use this index). Without it both queries read every in-flight row: with 50,000 in flight that
-- is a sequential scan per claim, and its estimated cost made PostgreSQL JIT-compile the query
-- each time (about a second). With it they read only the rows that are due (claim) or the first
-- one (next due).
CREATE INDEX IF NOT EXISTS generations_due_at_idx ON generations ((CASE
    WHEN next_check_at IS NULL THEN 0
    WHEN deadline_at IS NOT NULL AND state IN ('accepted', 'submitted', 'running')
      THEN least(next_check_at, deadline_at)
    WHEN result_expires_at IS NOT NULL AND state = 'downloading'
      THEN least(next_check_at, result_expires_at)
    ELSE next_check_at END))
  WHERE state IN ('accepted', 'submitted', 'running', 'downloading', 'stored');

-- Rows under a lease: the few a worker is processing right now (the next-due query reads them
-- apart from the unleased ones).
CREATE INDEX IF NOT EXISTS generations_leased_idx ON generations (lease_expires_at)
  WHERE lease_expires_at IS NOT NULL;
