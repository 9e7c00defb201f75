/**
 * The one place errors become HTTP responses: every failure leaves as
 * `{error: {message, type, param, code}}` with the status of its ReelgateError.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ReelgateError } from '../core/errors.ts';
import type { HttpLogger } from './logger.ts';

/** Turns anything thrown into a ReelgateError (unknown errors become `internal`, details hidden). */
export function toReelgateError(error: unknown): ReelgateError {
  if (error instanceof ReelgateError) return error;
  if (error instanceof HTTPException) {
    const code =
      error.status === 413 ? 'payload_too_large' : error.status === 404 ? 'not_found' : 'invalid_request';
    return new ReelgateError({ code, status: error.status, message: error.message || 'Bad request.' });
  }
  if (databaseUnavailable(error)) {
    return new ReelgateError({
      code: 'internal',
      status: 503,
      message:
        'The database is busy or unreachable. Try again shortly; a create retried with the same Idempotency-Key makes no second generation.',
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  return new ReelgateError({ code: 'internal', message: 'Internal server error.', cause: error });
}

/**
 * PostgreSQL refusing or losing connections (SQLSTATE class 08, too many connections, shutting
 * down or starting up): a moment's condition, answered 503 with Retry-After rather than 500.
 */
function databaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('08') || code === '53300' || code === '57P01' || code === '57P03';
}

export function errorResponse(c: Context, error: ReelgateError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (error.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="reelgate"';
  return c.body(JSON.stringify(error.toJSON()), error.status as 400, headers);
}

/** The app's `onError`: maps, logs server-side faults, answers with the envelope. */
export function createErrorHandler(logger: HttpLogger) {
  return function handleError(error: unknown, c: Context): Response {
    const mapped = toReelgateError(error);
    if (mapped.status >= 500) {
      logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'request failed');
    }
    return errorResponse(c, mapped);
  };
}
