-- Spend is an append-only ledger. Every entry is an amount in USD charged to an account's
-- generation (a long video's segments are charged to the long video), counted in the budget
-- window of that generation's creation time (`period_at`):
--   reserve  the estimate held when the generation is admitted (written with the row);
--   release  the hold dropped once the generation is final (or deleted while active);
--   start    a billable start: a job the provider made (its estimated cost);
--   actual   the difference between a start's estimated and actual cost, once known.
-- A generation counts for max(starts + actuals, reserve + release): its estimate while it runs,
-- what its starts cost once final. Deleting a generation never removes an entry.
CREATE TABLE IF NOT EXISTS spend_ledger (
  seq bigserial PRIMARY KEY,
  account_id text NOT NULL,
  generation_id text NOT NULL,
  -- The row whose start this is (the generation itself, or one of its segments).
  source_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reserve', 'release', 'start', 'actual')),
  -- One entry per event: recording the same event twice is a no-op.
  entry_key text NOT NULL UNIQUE,
  model text NOT NULL,
  amount_usd numeric(14, 4) NOT NULL,
  period_at bigint NOT NULL,
  recorded_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS spend_ledger_account_period_idx ON spend_ledger (account_id, period_at);
CREATE INDEX IF NOT EXISTS spend_ledger_generation_idx ON spend_ledger (generation_id);

-- Append-only: no entry is ever changed or removed.
CREATE OR REPLACE FUNCTION spend_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'spend_ledger is append-only';
END $$;
DROP TRIGGER IF EXISTS spend_ledger_append_only ON spend_ledger;
CREATE TRIGGER spend_ledger_append_only BEFORE UPDATE OR DELETE ON spend_ledger
  FOR EACH ROW EXECUTE FUNCTION spend_ledger_append_only();

-- Starts, actual costs and releases are recorded by the same statement that changes the row, so
-- no crash can separate a billable start from its charge.
CREATE OR REPLACE FUNCTION generations_spend() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  charged_account text;
  charged_id text;
  charged_period bigint;
  final_states text[] := ARRAY['completed', 'failed', 'canceled', 'expired'];
  now_ms bigint := (extract(epoch from clock_timestamp()) * 1000)::bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.segment_index IS NULL AND NOT (OLD.state = ANY (final_states)) THEN
      INSERT INTO spend_ledger (account_id, generation_id, source_id, kind, entry_key, model, amount_usd, period_at, recorded_at)
        SELECT OLD.account_id, OLD.id, OLD.id, 'release', 'release:' || OLD.id, OLD.model, -SUM(amount_usd), OLD.created_at, now_ms
        FROM spend_ledger WHERE generation_id = OLD.id AND kind = 'reserve' HAVING COUNT(*) > 0
        ON CONFLICT (entry_key) DO NOTHING;
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.segment_index IS NOT NULL AND NEW.parent_id IS NOT NULL THEN
    SELECT account_id, id, created_at INTO charged_account, charged_id, charged_period
      FROM generations WHERE id = NEW.parent_id;
  END IF;
  IF charged_id IS NULL THEN
    charged_account := NEW.account_id;
    charged_id := NEW.id;
    charged_period := NEW.created_at;
  END IF;
  IF NEW.plan IS NULL AND NEW.provider_job_id IS NOT NULL
     AND NEW.provider_job_id IS DISTINCT FROM OLD.provider_job_id THEN
    INSERT INTO spend_ledger (account_id, generation_id, source_id, kind, entry_key, model, amount_usd, period_at, recorded_at)
      VALUES (charged_account, charged_id, NEW.id, 'start', 'start:' || NEW.id || ':' || NEW.provider_job_id, NEW.model,
        COALESCE((NEW.estimate->>'totalUsd')::numeric, NEW.cost_usd, 0), charged_period, now_ms)
      ON CONFLICT (entry_key) DO NOTHING;
  END IF;
  IF NEW.plan IS NULL AND NEW.provider_job_id IS NOT NULL AND NEW.cost_usd IS NOT NULL
     AND NEW.cost_usd IS DISTINCT FROM OLD.cost_usd
     AND NEW.cost_usd <> COALESCE((NEW.estimate->>'totalUsd')::numeric, NEW.cost_usd) THEN
    INSERT INTO spend_ledger (account_id, generation_id, source_id, kind, entry_key, model, amount_usd, period_at, recorded_at)
      VALUES (charged_account, charged_id, NEW.id, 'actual', 'actual:' || NEW.id || ':' || NEW.provider_job_id, NEW.model,
        NEW.cost_usd - (NEW.estimate->>'totalUsd')::numeric, charged_period, now_ms)
      ON CONFLICT (entry_key) DO NOTHING;
  END IF;
  IF NEW.segment_index IS NULL AND NEW.state = ANY (final_states) AND NOT (OLD.state = ANY (final_states)) THEN
    INSERT INTO spend_ledger (account_id, generation_id, source_id, kind, entry_key, model, amount_usd, period_at, recorded_at)
      SELECT NEW.account_id, NEW.id, NEW.id, 'release', 'release:' || NEW.id, NEW.model, -SUM(amount_usd), NEW.created_at, now_ms
      FROM spend_ledger WHERE generation_id = NEW.id AND kind = 'reserve' HAVING COUNT(*) > 0
      ON CONFLICT (entry_key) DO NOTHING;
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS generations_spend_update ON generations;
CREATE TRIGGER generations_spend_update AFTER UPDATE OF state, provider_job_id, cost_usd ON generations
  FOR EACH ROW EXECUTE FUNCTION generations_spend();
DROP TRIGGER IF EXISTS generations_spend_delete ON generations;
CREATE TRIGGER generations_spend_delete AFTER DELETE ON generations
  FOR EACH ROW EXECUTE FUNCTION generations_spend();

-- Generations made before the ledger: a final one counts what it cost, an active one its estimate.
INSERT INTO spend_ledger (account_id, generation_id, source_id, kind, entry_key, model, amount_usd, period_at, recorded_at)
  SELECT account_id, id, id,
    CASE WHEN state IN ('completed', 'failed', 'canceled', 'expired') THEN 'start' ELSE 'reserve' END,
    'legacy:' || id, model,
    CASE WHEN state IN ('completed', 'failed', 'canceled', 'expired') THEN COALESCE(cost_usd, 0)
      ELSE COALESCE((estimate->>'totalUsd')::numeric, cost_usd, 0) END,
    created_at, updated_at
  FROM generations WHERE segment_index IS NULL
  ON CONFLICT (entry_key) DO NOTHING;
