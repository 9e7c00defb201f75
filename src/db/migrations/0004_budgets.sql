-- Per-account spending budgets per UTC day and month. 0002's `budget_usd` is read as
-- the monthly budget when `monthly_budget_usd` is not set; `concurrency_limit` and
-- `policy_check` (on by default) come from 0002. NULL = unlimited.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS daily_budget_usd numeric(14, 4);
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS monthly_budget_usd numeric(14, 4);

-- Spending per account and time window (usage, budget checks).
CREATE INDEX IF NOT EXISTS generations_account_spend_idx ON generations (account_id, created_at)
  WHERE segment_index IS NULL;
