import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../../core/clock.ts';
import type { AppEnv } from '../env.ts';
import type { HttpLogger } from '../logger.ts';

export interface RequestLoggerOptions {
  logger: HttpLogger;
  clock: Clock;
}

/** One structured log line per request: method, path, status, duration, request id, account. */
export function requestLogger(options: RequestLoggerOptions): MiddlewareHandler<AppEnv> {
  const { logger, clock } = options;
  return async function requestLoggerMiddleware(c, next) {
    const startedAt = clock.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: clock.now() - startedAt,
        accountId: c.get('account')?.id,
      },
      'request',
    );
  };
}
