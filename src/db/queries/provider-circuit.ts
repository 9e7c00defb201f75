/**
 * The shared circuit state of each provider (0050). A failure and a success are each one
 * statement, so any number of workers count into the same row without losing updates.
 */
import type { CircuitPolicy, CircuitState } from '../../core/circuit-breaker.ts';
import type { Queryable } from '../db.ts';

interface CircuitRow {
  provider: string;
  consecutive_failures: number | string;
  opened_until: number | string | null;
  last_error: string | null;
}

function toState(row: CircuitRow): CircuitState {
  return {
    provider: row.provider,
    consecutiveFailures: Number(row.consecutive_failures),
    openedUntil: row.opened_until === null ? null : Number(row.opened_until),
    lastError: row.last_error,
  };
}

/** Counts an outage error; opens (or re-opens) the circuit when the count reaches the threshold. */
export async function recordProviderFailure(
  db: Queryable,
  provider: string,
  error: string,
  nowMs: number,
  policy: CircuitPolicy,
): Promise<CircuitState> {
  const result = await db.query<CircuitRow>(
    `INSERT INTO provider_circuits AS c (provider, consecutive_failures, opened_until, last_error, updated_at)
     VALUES ($1, 1, CASE WHEN 1 >= $3::int THEN $4::bigint + $5::bigint END, $2, $4)
     ON CONFLICT (provider) DO UPDATE SET
       consecutive_failures = c.consecutive_failures + 1,
       opened_until = CASE WHEN c.consecutive_failures + 1 >= $3::int THEN $4::bigint + $5::bigint ELSE c.opened_until END,
       last_error = $2,
       updated_at = $4
     RETURNING provider, consecutive_failures, opened_until, last_error`,
    [provider, error.slice(0, 500), policy.failureThreshold, nowMs, policy.coolDownMs],
  );
  return toState(result.rows[0]!);
}

/** A start that worked closes the circuit. Writes only when there is something to reset. */
export async function recordProviderSuccess(db: Queryable, provider: string, nowMs: number): Promise<void> {
  await db.query(
    `UPDATE provider_circuits SET consecutive_failures = 0, opened_until = NULL, updated_at = $2
     WHERE provider = $1 AND (consecutive_failures <> 0 OR opened_until IS NOT NULL)`,
    [provider, nowMs],
  );
}

export async function listProviderCircuits(db: Queryable): Promise<CircuitState[]> {
  const result = await db.query<CircuitRow>(
    'SELECT provider, consecutive_failures, opened_until, last_error FROM provider_circuits ORDER BY provider',
  );
  return result.rows.map(toState);
}
