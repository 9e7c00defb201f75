/**
 * Refuses NUL characters anywhere in the URL (path or query, raw or percent-encoded) with a 400
 * before any route runs. No id, cursor or filter of reelgate can contain one, and PostgreSQL
 * text cannot hold one: without this, `GET /v1/videos/%00` reached the database and failed
 * there as a 500.
 */
import type { MiddlewareHandler } from 'hono';
import { invalidRequest } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';

export function refuseNulInUrl(): MiddlewareHandler<AppEnv> {
  return async function refuseNulInUrlMiddleware(c, next) {
    const url = c.req.url;
    if (url.includes('\u0000') || /%00/i.test(url)) {
      throw invalidRequest('NUL characters are not allowed in the URL.');
    }
    await next();
  };
}

/** The path of the first string (value or key) in `value` that contains a NUL, if any. */
export function findNul(value: unknown, path: string[] = [], depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\0')].join('.');
    const found = findNul(item, [...path, key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
