/**
 * Google's error envelope `{error: {code, message, status, details?}}` (google.rpc.Status over
 * HTTP), and the face's error mapper.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { ImageInputError } from '../provider-common/image-input.ts';
import { BodyError } from '../provider-common/request.ts';

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ALREADY_EXISTS',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export class GoogleApiError extends Error {
  readonly code: number;
  readonly status: string;
  readonly details: unknown[] | undefined;
  readonly headers: Record<string, string>;
  constructor(
    code: number,
    message: string,
    options: { details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'GoogleApiError';
    this.code = code;
    this.status = statusNames[code] ?? (code >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export function googleError(c: Context, error: GoogleApiError): Response {
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        status: error.status,
        ...(error.details ? { details: error.details } : {}),
      },
    },
    error.code as 400,
    error.headers,
  );
}

export function googleErrorHandler(error: Error, c: Context): Response {
  if (error instanceof GoogleApiError) return googleError(c, error);
  if (error instanceof BodyError || error instanceof ImageInputError) {
    return googleError(c, new GoogleApiError(400, `Invalid JSON payload received. ${error.message}`));
  }
  if (error instanceof EmulatorHttpError) {
    const message =
      error.status === 429
        ? 'Resource has been exhausted (e.g. check quota).'
        : error.status >= 500
          ? 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'
          : error.message;
    return googleError(c, new GoogleApiError(error.status, message, { headers: error.headers }));
  }
  if (error instanceof HTTPException)
    return googleError(c, new GoogleApiError(error.status, error.message || 'Bad request'));
  console.error('emulator(google): unexpected error', error);
  return googleError(c, new GoogleApiError(500, 'An internal error has occurred.'));
}
