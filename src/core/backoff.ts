/**
 * Retry timing as pure functions: provider hints first (`retry-after-ms`, then `retry-after` as
 * seconds or an HTTP date), otherwise capped exponential backoff with full jitter. The same
 * math drives every durable retry (starts, status checks, downloads); the worker turns the
 * answer into a `next_check_at` on the row, never an in-memory sleep.
 */
import type { Random } from './random.ts';

export interface BackoffPolicy {
  /** First retry delay before jitter. */
  baseMs: number;
  /** Upper bound of any computed delay. */
  maxMs: number;
  /** Fraction of the delay that is randomised (0 = none, 1 = full jitter). */
  jitter: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, jitter: 0.5 };

/** Largest hint we obey; beyond it a provider hint is treated as a ceiling on our own backoff. */
export const maxRetryAfterMs = 10 * 60_000;

/**
 * Reads the provider's retry hint from response headers (case-insensitive names):
 * `retry-after-ms` (milliseconds), then `retry-after` (seconds or an HTTP date).
 * Returns undefined when there is no usable hint.
 */
export function retryAfterFromHeaders(
  headers: Record<string, string | undefined> | undefined,
  nowMs: number,
): number | undefined {
  if (!headers) return undefined;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) lower.set(name.toLowerCase(), value);
  const ms = lower.get('retry-after-ms');
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.min(value, maxRetryAfterMs);
  }
  const after = lower.get('retry-after');
  if (after !== undefined) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && /^\s*\d+(\.\d+)?\s*$/.test(after)) {
      return Math.min(Math.max(0, seconds * 1000), maxRetryAfterMs);
    }
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - nowMs), maxRetryAfterMs);
  }
  return undefined;
}

/**
 * Delay before retry number `attempt` (1 = first retry).
 *
 * @example
 * retryDelayMs({ attempt: 3, random: seededRandom(1) }); // between 2 s and 4 s
 * retryDelayMs({ attempt: 1, retryAfterMs: 7000, random }); // 7000
 */
export function retryDelayMs(options: {
  attempt: number;
  random: Random;
  retryAfterMs?: number | undefined;
  policy?: BackoffPolicy | undefined;
}): number {
  const policy = options.policy ?? defaultBackoff;
  if (options.retryAfterMs !== undefined && options.retryAfterMs >= 0) {
    return Math.min(options.retryAfterMs, maxRetryAfterMs);
  }
  const exponent = Math.max(0, options.attempt - 1);
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  // Keep (1 - jitter) of the delay fixed and randomise the rest, so retries spread out
  // without ever collapsing to zero.
  return Math.round(raw * (1 - jitter) + raw * jitter * options.random.next());
}
