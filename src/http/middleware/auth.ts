import type { MiddlewareHandler } from 'hono';
import type { AccountStore } from '../../auth/account.ts';
import { hashApiKey } from '../../auth/api-key.ts';
import { ReelgateError } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { type KeyRateLimiter, rateLimitedError } from './rate-limit.ts';

export interface BearerAuthOptions {
  accounts: AccountStore;
  /** Only admin accounts pass (403 for others). */
  adminOnly?: boolean;
  /** Per-key request limit, taken once the key is known to be valid (429 beyond it). */
  rateLimiter?: KeyRateLimiter | undefined;
}

/** The key from `Authorization: Bearer <key>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Authenticates the API key and puts its account on the context (`c.get('account')`). */
export function bearerAuth(options: BearerAuthOptions): MiddlewareHandler<AppEnv> {
  const { accounts } = options;
  return async function bearerAuthMiddleware(c, next) {
    const key = bearerToken(c.req.header('authorization'));
    if (!key) {
      throw new ReelgateError({
        code: 'unauthorized',
        message: "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.",
      });
    }
    const account = await accounts.authenticate(key);
    if (!account) {
      throw new ReelgateError({ code: 'unauthorized', message: 'Incorrect API key provided.' });
    }
    const limiter = options.rateLimiter;
    if (limiter?.enabled) {
      const verdict = limiter.take(hashApiKey(key));
      c.header('x-ratelimit-limit-requests', String(limiter.perMinute));
      c.header('x-ratelimit-remaining-requests', String(verdict.remaining));
      if (!verdict.allowed) throw rateLimitedError(limiter, verdict);
    }
    if (options.adminOnly && !account.isAdmin) {
      throw new ReelgateError({ code: 'forbidden', message: 'This operation needs an admin API key.' });
    }
    c.set('account', account);
    await next();
  };
}
