/**
 * App-side idempotency for billable creates: a request with an `Idempotency-Key` header (any
 * 1-255 printable ASCII characters, unique per logical create, chosen by the caller) is
 * remembered for the account. Repeating it with the same body answers the first answer again
 * (same generation, same body, `Idempotent-Replayed: true`), without a second generation;
 * the same key with another body is refused with 409 `idempotency_key_reused`; a repeat that
 * arrives while the first still runs waits for its answer. Only successful answers are kept: a
 * request that failed can be retried with the same key. Keys are kept for 24 hours.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../core/clock.ts';
import { invalidRequest, ReelgateError } from '../../core/errors.ts';
import type { IdempotencyStore } from '../../core/idempotency-store.ts';
import type { AppEnv } from '../env.ts';

export interface IdempotencyOptions {
  store: IdempotencyStore | undefined;
  clock: Clock;
  /** How long keys are kept (default 24 h). */
  keepMs?: number;
  /** How long a first request may run before a repeat takes over its key (default 60 s). */
  lockMs?: number;
  /** How often a repeat checks whether the first request answered (default 25 ms). */
  pollMs?: number;
}

export const idempotencyHeader = 'Idempotency-Key';
const keyPattern = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  const keepMs = options.keepMs ?? 24 * 3_600_000;
  const lockMs = options.lockMs ?? 60_000;
  const pollMs = options.pollMs ?? 25;
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header(idempotencyHeader);
    const store = options.store;
    if (key === undefined || !store) return next();
    if (!keyPattern.test(key)) {
      throw invalidRequest('Idempotency-Key must be 1 to 255 printable ASCII characters.', idempotencyHeader);
    }
    const accountId = c.get('account').id;
    const fingerprint = await fingerprintOf(c);
    const waitUntil = Date.now() + lockMs + 5_000;
    for (;;) {
      const result = await store.claim({
        accountId,
        key,
        fingerprint,
        nowMs: options.clock.now(),
        lockMs,
        keepMs,
      });
      if (result.claimed) break;
      const existing = result.existing;
      if (existing.fingerprint !== fingerprint) {
        throw new ReelgateError({
          code: 'idempotency_key_reused',
          message: 'This Idempotency-Key was already used with a different request.',
          param: idempotencyHeader,
          hint: 'Use a new key for each new request; repeat a key only to retry the very same request.',
        });
      }
      if (existing.state === 'done' && existing.status !== null) {
        return new Response(existing.body ?? '', {
          status: existing.status,
          headers: {
            'content-type': existing.contentType ?? 'application/json',
            'idempotent-replayed': 'true',
          },
        });
      }
      if (Date.now() > waitUntil) {
        throw new ReelgateError({
          code: 'conflict',
          message: 'A request with this Idempotency-Key is still being processed.',
          param: idempotencyHeader,
          retryable: true,
          retryAfterSeconds: 1,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      await next();
    } catch (error) {
      await store.release(accountId, key).catch(() => undefined);
      throw error;
    }
    const response = c.res;
    if (response.status < 200 || response.status >= 300) {
      await store.release(accountId, key).catch(() => undefined);
      return;
    }
    const body = await response.clone().text();
    await store.complete({
      accountId,
      key,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
      generationId: idOf(body),
    });
  };
}

/** The request's identity: method, path and body (a multipart body by its fields, not its boundary). */
async function fingerprintOf(c: Context<AppEnv>): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${c.req.method} ${c.req.path}\n`);
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data')) {
      const form = await c.req.raw.clone().formData();
      const fields: string[] = [];
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          fields.push(`${name}=${value}`);
        } else {
          const digest = createHash('sha256')
            .update(new Uint8Array(await value.arrayBuffer()))
            .digest('hex');
          fields.push(`${name}=file:${value.type}:${digest}`);
        }
      }
      hash.update(fields.sort().join('\n'));
    } else if (c.req.raw.body) {
      hash.update(new Uint8Array(await c.req.raw.clone().arrayBuffer()));
    }
  } catch (error) {
    throw c.get('bodyLimitError') ?? error;
  }
  return hash.digest('hex');
}

function idOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : null;
  } catch {
    return null;
  }
}
