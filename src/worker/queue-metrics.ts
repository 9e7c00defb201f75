/**
 * Gauges read from the database when `/metrics` is scraped, so every process (API or worker)
 * reports the whole system's queue, not only its own share: generations waiting to be claimed
 * (due now, no lease), generations per provider and state, and claims held by workers.
 *
 * @example
 * const refresh = queueMetrics(metrics.registry, db, clock);
 * const text = async () => { await refresh(); return metrics.registry.render(); };
 *
 * The provider and state labels are closed sets (configured providers, engine states).
 */
import type { Clock } from '../core/clock.ts';
import type { Queryable } from '../db/db.ts';
import type { MetricsRegistry } from './metrics.ts';

const activeStates = ['accepted', 'submitted', 'running', 'downloading', 'stored'] as const;

export function queueMetrics(registry: MetricsRegistry, db: Queryable, clock: Clock): () => Promise<void> {
  const depth = registry.gauge(
    'reelgate_queue_depth',
    'Generations due now and not claimed by any worker (work waiting for a free worker slot).',
  );
  const active = registry.gauge(
    'reelgate_generations_in_flight',
    'Generations not yet final, by provider and engine state (submitted/running: at the provider).',
    ['provider', 'state'],
  );
  const leased = registry.gauge('reelgate_generations_leased', 'Generations currently claimed by a worker.');
  const knownSeries = new Set<string>();
  let running: Promise<void> | undefined;
  return () => {
    running ??= (async () => {
      try {
        const now = clock.now();
        const result = await db.query<{
          provider: string;
          state: string;
          total: number | string;
          due: number | string;
          leased: number | string;
        }>(
          `SELECT provider, state, count(*) AS total,
             count(*) FILTER (WHERE next_check_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)) AS due,
             count(*) FILTER (WHERE lease_expires_at > $1) AS leased
           FROM generations WHERE state = ANY($2::text[]) GROUP BY provider, state`,
          [now, [...activeStates]],
        );
        let dueTotal = 0;
        let leasedTotal = 0;
        const seen = new Set<string>();
        for (const row of result.rows) {
          active.set({ provider: row.provider, state: row.state }, Number(row.total));
          seen.add(`${row.provider}\u0000${row.state}`);
          dueTotal += Number(row.due);
          leasedTotal += Number(row.leased);
        }
        // Series that emptied since the last scrape read 0 rather than a stale count.
        for (const key of knownSeries) {
          if (!seen.has(key)) {
            const [provider, state] = key.split('\u0000') as [string, string];
            active.set({ provider, state }, 0);
          }
        }
        for (const key of seen) knownSeries.add(key);
        depth.set(dueTotal);
        leased.set(leasedTotal);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
