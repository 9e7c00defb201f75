/**
 * Circuit gauges read from the shared table when `/metrics` is scraped, so every process reports
 * the same state: `reelgate_provider_circuit_open` (1 while a provider is skipped, else 0) and
 * `reelgate_provider_circuit_failures` (its consecutive outage errors).
 */
import { circuitStatus } from '../core/circuit-breaker.ts';
import type { Clock } from '../core/clock.ts';
import type { Queryable } from '../db/db.ts';
import { listProviderCircuits } from '../db/queries/provider-circuit.ts';
import type { MetricsRegistry } from './metrics.ts';

export function circuitMetrics(registry: MetricsRegistry, db: Queryable, clock: Clock): () => Promise<void> {
  const open = registry.gauge(
    'reelgate_provider_circuit_open',
    'Whether fallback lists skip the provider after repeated outage errors (1) or use it (0).',
    ['provider'],
  );
  const failures = registry.gauge(
    'reelgate_provider_circuit_failures',
    "Consecutive outage errors of the provider's starts (reset by a start that works).",
    ['provider'],
  );
  return async () => {
    const now = clock.now();
    for (const state of await listProviderCircuits(db)) {
      open.set({ provider: state.provider }, circuitStatus(state, now) === 'open' ? 1 : 0);
      failures.set({ provider: state.provider }, state.consecutiveFailures);
    }
  };
}
