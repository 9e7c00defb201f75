/**
 * One error type for the faces whose envelopes are simple JSON objects: a handler throws
 * `WireError(status, body)` with the provider's own body, and `wireErrorHandler` turns shared
 * errors (bad bodies, bad images, injected faults) into the same envelope via `envelope`.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { ImageInputError } from './image-input.ts';
import { BodyError } from './request.ts';

export class WireError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.name = 'WireError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** What kind of failure a shared error is, for the provider's envelope. */
export type WireErrorKind = 'invalid' | 'auth' | 'rate_limit' | 'server' | 'not_found';

export function wireErrorHandler(
  face: string,
  envelope: (status: number, message: string, kind: WireErrorKind) => unknown,
) {
  return (error: Error, c: Context): Response => {
    if (error instanceof WireError) return c.json(error.body as object, error.status as 400, error.headers);
    let status = 500;
    let message = 'Internal server error';
    let headers: Record<string, string> = {};
    if (error instanceof BodyError || error instanceof ImageInputError) {
      status = 400;
      message = error.message;
    } else if (error instanceof EmulatorHttpError) {
      status = error.status;
      message = error.message;
      headers = error.headers;
    } else if (error instanceof HTTPException) {
      status = error.status;
      message = error.message || 'Bad request';
    } else {
      console.error(`emulator(${face}): unexpected error`, error);
    }
    const kind: WireErrorKind =
      status === 401 || status === 403
        ? 'auth'
        : status === 404
          ? 'not_found'
          : status === 429
            ? 'rate_limit'
            : status >= 500
              ? 'server'
              : 'invalid';
    return c.json(envelope(status, message, kind) as object, status as 400, headers);
  };
}
