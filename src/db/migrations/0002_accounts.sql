-- Accounts and their API keys. Every generation belongs to one account; keys are stored only
-- as sha256 hashes (the key itself is shown once, when created). Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS accounts (
  id text PRIMARY KEY,
  name text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  -- Room for later issues: spending budget (null = unlimited), what was spent, how many
  -- generations may run at once (null = unlimited), and whether prompts get a policy check.
  budget_usd numeric(14, 4),
  spent_usd numeric(14, 4) NOT NULL DEFAULT 0,
  concurrency_limit integer,
  policy_check boolean NOT NULL DEFAULT true,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at bigint NOT NULL,
  disabled_at bigint
);

CREATE TABLE IF NOT EXISTS api_keys (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text,
  key_hash text NOT NULL UNIQUE,
  -- The first characters of the key, safe to show in listings ("rg_3Fq9x…").
  prefix text NOT NULL,
  -- Where the key came from: 'env' (REELGATE_API_KEYS), 'cli' or 'api'.
  source text NOT NULL DEFAULT 'cli',
  created_at bigint NOT NULL,
  last_used_at bigint,
  revoked_at bigint
);

CREATE INDEX IF NOT EXISTS api_keys_account_idx ON api_keys (account_id);
