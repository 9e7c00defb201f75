/** A sliding-window request limiter keyed by API key, on the injected clock. */
import type { Clock } from '../../core/clock.ts';

export interface RateLimitOptions {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in milliseconds (default 60 000). */
  windowMs?: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateLimiter {
  readonly #clock: Clock;
  readonly #requests: number;
  readonly #windowMs: number;
  readonly #hits = new Map<string, number[]>();

  constructor(options: RateLimitOptions, clock: Clock) {
    this.#clock = clock;
    this.#requests = options.requests;
    this.#windowMs = options.windowMs ?? 60_000;
  }

  /** Counts one request for `key`; refuses it when the window is full. */
  take(key: string): RateLimitDecision {
    const now = this.#clock.now();
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > now - this.#windowMs);
    if (recent.length >= this.#requests) {
      this.#hits.set(key, recent);
      return { allowed: false, retryAfterMs: Math.max(1, recent[0]! + this.#windowMs - now) };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    return { allowed: true };
  }

  reset(): void {
    this.#hits.clear();
  }
}
