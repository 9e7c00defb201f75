import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export interface RequestIdOptions {
  headerName?: string;
  generate?: () => string;
}

const acceptable = /^[\w.:-]{1,128}$/;

/** Gives every request an id (the caller's `X-Request-Id` when sane), echoed on the response. */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  const headerName = options.headerName ?? 'x-request-id';
  const generate = options.generate ?? (() => `req_${randomUUID().replaceAll('-', '')}`);
  return async function requestIdMiddleware(c, next) {
    const given = c.req.header(headerName);
    const id = given && acceptable.test(given) ? given : generate();
    c.set('requestId', id);
    c.header(headerName, id);
    await next();
  };
}
