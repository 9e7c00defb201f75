/**
 * Provider request rates shared by every worker through the database, so ten workers send what
 * the provider allows, not ten times that. Each provider has one row holding a GCRA (generic cell
 * rate algorithm) "theoretical arrival time": a call is allowed when `tat - now <= tolerance`,
 * and the same UPDATE moves `tat` one interval (60 000 / limit ms) forward. PostgreSQL's row lock
 * serialises concurrent workers, and READ COMMITTED re-checks the condition against the row the
 * previous holder left, so two workers never take the same slot.
 *
 * A throttled worker does not sleep: it gets `retryInMs` and defers the generation
 * (`next_check_at`), freeing its slot for other work.
 *
 * @example
 * const limiter = new ProviderRateLimiter({ db, clock, random, limits: { openai: 60 } });
 * const decision = await limiter.acquire(binding);
 * if (!decision.granted) deferFor(decision.retryInMs);
 */
import type { Clock } from '../core/clock.ts';
import type { Random } from '../core/random.ts';
import type { Queryable } from '../db/db.ts';

/** Requests per minute of a real provider when nothing is configured. */
export const defaultProviderRatePerMinute = 600;

export type RateDecision = { granted: true } | { granted: false; retryInMs: number };

export interface RateLimitedProvider {
  readonly name: string;
  /** Emulated providers are unlimited unless a limit is configured for them. */
  readonly emulated: boolean;
}

export interface ProviderRateLimiterOptions {
  db: Queryable;
  clock: Clock;
  random: Random;
  /** Requests per minute by provider name; `default` applies to unlisted real providers; 0 = off. */
  limits?: Readonly<Record<string, number>> | undefined;
}

export class ProviderRateLimiter {
  readonly #db: Queryable;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #limits: Readonly<Record<string, number>>;
  readonly #ensured = new Set<string>();

  constructor(options: ProviderRateLimiterOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#random = options.random;
    this.#limits = options.limits ?? {};
  }

  /** Requests per minute for a provider (0: unlimited). */
  limitFor(provider: RateLimitedProvider): number {
    const configured = this.#limits[provider.name];
    if (configured !== undefined) return configured;
    if (provider.emulated) return 0;
    return this.#limits.default ?? defaultProviderRatePerMinute;
  }

  /**
   * Takes `cost` request slots at once (a step that makes several calls), or says how long to
   * wait until they are free.
   */
  async acquire(provider: RateLimitedProvider, cost = 1): Promise<RateDecision> {
    const perMinute = this.limitFor(provider);
    if (!(perMinute > 0)) return { granted: true };
    const intervalMs = 60_000 / perMinute;
    // A burst of up to one second's worth of calls (at least one) is allowed.
    const burst = Math.max(1, Math.floor(perMinute / 60));
    const toleranceMs = (burst - 1) * intervalMs;
    const now = this.#clock.now();
    if (!this.#ensured.has(provider.name)) {
      await this.#db.query(
        'INSERT INTO provider_rate_limits (provider, tat) VALUES ($1, 0) ON CONFLICT (provider) DO NOTHING',
        [provider.name],
      );
      this.#ensured.add(provider.name);
    }
    const result = await this.#db.query<{ granted: number | null; current: number }>(
      `WITH taken AS (
         UPDATE provider_rate_limits SET tat = greatest(tat, $2::float8) + $3::float8
         WHERE provider = $1 AND greatest(tat, $2::float8) - $2::float8 <= $4::float8
         RETURNING tat
       )
       SELECT (SELECT tat FROM taken) AS granted, r.tat AS current
       FROM provider_rate_limits r WHERE r.provider = $1`,
      [provider.name, now, intervalMs * Math.max(1, cost), toleranceMs],
    );
    const row = result.rows[0];
    if (!row) {
      // The row vanished (a wiped table): recreate it on the next call.
      this.#ensured.delete(provider.name);
      return { granted: false, retryInMs: Math.ceil(intervalMs) };
    }
    if (row.granted !== null && row.granted !== undefined) return { granted: true };
    const waitMs = Math.max(1, Number(row.current) - toleranceMs - now);
    // Spread the deferred callers over the following interval so they do not all return at once.
    return { granted: false, retryInMs: Math.ceil(waitMs + this.#random.next() * intervalMs) };
  }
}
