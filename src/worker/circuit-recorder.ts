/**
 * Closes a provider's circuit when one of its starts works: listens for `generation:submitted`
 * on this process's own events (a relayed copy from another process is not counted twice) and
 * resets the shared row. Failures are counted where they happen (src/worker/fallback.ts).
 */
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Queryable } from '../db/db.ts';
import { recordProviderSuccess } from '../db/queries/provider-circuit.ts';
import type { GenerationEventBus } from './event-bus.ts';

export interface CircuitRecorder {
  /** Resolves once every reset started so far has been written (tests, shutdown). */
  flush(): Promise<void>;
  detach(): void;
}

export function attachCircuitRecorder(
  events: Pick<GenerationEventBus, 'subscribe'>,
  db: Queryable,
  clock: Clock,
  logger: Logger,
): CircuitRecorder {
  const pending = new Set<Promise<void>>();
  const detach = events.subscribe({ types: ['generation:submitted'] }, (event) => {
    const write = recordProviderSuccess(db, event.generation.provider, clock.now())
      .catch((error: unknown) => {
        // Only delays closing the circuit; the next success tries again.
        logger.warn({ err: String(error), provider: event.generation.provider }, 'circuit reset failed');
      })
      .finally(() => pending.delete(write));
    pending.add(write);
  });
  return {
    async flush() {
      await Promise.all([...pending]);
    },
    detach,
  };
}
