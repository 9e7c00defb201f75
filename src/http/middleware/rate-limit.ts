/**
 * Per-API-key request rate limits: a token bucket per key (keyed on the key's sha256, the form
 * the database holds; the key itself is never kept), refilled continuously at
 * `perMinute / 60` requests per second with room for a burst of `perMinute`. A request over the
 * limit answers 429 `rate_limited` with `Retry-After` (whole seconds) before any work is done.
 *
 * The buckets live in this process's memory: N API processes allow up to N times the limit.
 * Only authenticated keys get a bucket, so random invalid keys cannot grow the table; idle full
 * buckets are dropped, and the table has a hard cap.
 *
 * @example
 * const limiter = new KeyRateLimiter({ perMinute: 600, clock });
 * const verdict = limiter.take(keyHash); // { allowed, remaining, retryAfterSeconds }
 */
import type { Clock } from '../../core/clock.ts';
import { ReelgateError } from '../../core/errors.ts';

/** REELGATE_RATE_LIMIT_PER_MINUTE when unset: generous enough for bursts of a thousand creates. */
export const defaultRateLimitPerMinute = 1200;

export interface RateLimitVerdict {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** When refused: seconds until one request is allowed again (at least 1). */
  retryAfterSeconds: number;
}

export interface KeyRateLimiterOptions {
  /** Requests per minute per key; 0 or less turns limiting off. */
  perMinute: number;
  clock: Clock;
  /** Most buckets kept at once (oldest dropped first beyond it). Default 100 000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class KeyRateLimiter {
  readonly perMinute: number;
  readonly #clock: Clock;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = 0;

  constructor(options: KeyRateLimiterOptions) {
    this.perMinute = options.perMinute;
    this.#clock = options.clock;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes one request from the key's bucket. */
  take(keyHash: string): RateLimitVerdict {
    if (!this.enabled) return { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };
    const now = this.#clock.now();
    const capacity = this.perMinute;
    const perMs = capacity / 60_000;
    this.#sweep(now, capacity, perMs);
    const bucket = this.#buckets.get(keyHash) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    // Re-insert so Map order stays least-recently-used first (for the cap).
    this.#buckets.delete(keyHash);
    this.#buckets.set(keyHash, bucket);
    if (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const waitMs = (1 - bucket.tokens) / perMs;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Drops buckets that have refilled completely (they equal a fresh one), once a minute. */
  #sweep(now: number, capacity: number, perMs: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * perMs >= capacity) this.#buckets.delete(key);
    }
  }
}

/** The 429 for a refused verdict. */
export function rateLimitedError(limiter: KeyRateLimiter, verdict: RateLimitVerdict): ReelgateError {
  return new ReelgateError({
    code: 'rate_limited',
    message: `Rate limit reached for this API key: ${limiter.perMinute} requests per minute. Try again in ${verdict.retryAfterSeconds} s.`,
    retryAfterSeconds: verdict.retryAfterSeconds,
    details: { limitPerMinute: limiter.perMinute },
  });
}
