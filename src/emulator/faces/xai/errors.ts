/** xAI's REST error shape `{code, error}` and the face's error mapper. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { ImageInputError } from '../provider-common/image-input.ts';
import { BodyError } from '../provider-common/request.ts';

const codes: Record<number, string> = {
  400: 'Client specified an invalid argument',
  401: 'Unauthenticated',
  403: 'Permission denied',
  404: 'Some requested entity was not found',
  413: 'Client specified an invalid argument',
  422: 'Client specified an invalid argument',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export class XaiApiError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'XaiApiError';
    this.status = status;
    this.headers = headers;
  }
}

export function xaiErrorHandler(error: Error, c: Context): Response {
  let mapped: XaiApiError;
  if (error instanceof XaiApiError) mapped = error;
  else if (error instanceof BodyError || error instanceof ImageInputError)
    mapped = new XaiApiError(400, error.message);
  else if (error instanceof EmulatorHttpError)
    mapped = new XaiApiError(error.status, error.message, error.headers);
  else if (error instanceof HTTPException)
    mapped = new XaiApiError(error.status, error.message || 'Bad request');
  else {
    console.error('emulator(xai): unexpected error', error);
    mapped = new XaiApiError(500, 'Internal server error');
  }
  return c.json(
    {
      code:
        codes[mapped.status] ??
        (mapped.status >= 500 ? 'Internal error' : 'Client specified an invalid argument'),
      error: mapped.message,
    },
    mapped.status as 400,
    mapped.headers,
  );
}
