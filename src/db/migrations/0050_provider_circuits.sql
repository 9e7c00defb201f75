-- Per-provider circuit breaking shared by every worker (src/db/queries/provider-circuit.ts):
-- consecutive outage errors of a provider's starts; once they reach the threshold the circuit
-- opens until `opened_until` (Unix ms) and fallback lists skip that provider; a success closes it.
CREATE TABLE IF NOT EXISTS provider_circuits (
  provider text PRIMARY KEY,
  consecutive_failures integer NOT NULL DEFAULT 0,
  opened_until bigint,
  last_error text,
  updated_at bigint NOT NULL
);

-- An account's default fallback list of models (NULL: the server's default).
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS default_models jsonb;
