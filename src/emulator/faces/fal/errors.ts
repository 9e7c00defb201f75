/**
 * fal's error shapes: `{detail: "..."}` for request errors and
 * `{detail: [{loc, msg, type, url?}]}` for validation and model errors, with the
 * `X-Fal-Retryable` header on model errors.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { ImageInputError } from '../provider-common/image-input.ts';
import { BodyError } from '../provider-common/request.ts';

export interface FalErrorItem {
  loc: string[];
  msg: string;
  type: string;
  url?: string;
  input?: unknown;
}

/** A validation (422) error for one body field. */
export class FalValidationError extends Error {
  readonly items: FalErrorItem[];
  constructor(items: FalErrorItem[]) {
    super(items.map((item) => item.msg).join('; '));
    this.name = 'FalValidationError';
    this.items = items;
  }
}

export function invalidField(
  field: string,
  msg: string,
  type = 'value_error',
  input?: unknown,
): FalValidationError {
  return new FalValidationError([
    { loc: ['body', field], msg, type, ...(input !== undefined ? { input } : {}) },
  ]);
}

export function falDetail(
  c: Context,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return c.json({ detail }, status as 400, headers);
}

export function falErrorHandler(error: Error, c: Context): Response {
  if (error instanceof FalValidationError) return c.json({ detail: error.items }, 422);
  if (error instanceof BodyError) {
    return c.json({ detail: [{ loc: ['body'], msg: error.message, type: 'value_error.jsondecode' }] }, 422);
  }
  if (error instanceof ImageInputError) {
    return c.json(
      {
        detail: [
          {
            loc: ['body', 'image_url'],
            msg: error.message,
            type: 'image_load_error',
            url: 'https://docs.fal.ai/errors#image_load_error',
          },
        ],
      },
      422,
    );
  }
  if (error instanceof EmulatorHttpError) return falDetail(c, error.status, error.message, error.headers);
  if (error instanceof HTTPException) return falDetail(c, error.status, error.message || 'Bad request');
  console.error('emulator(fal): unexpected error', error);
  return falDetail(c, 500, 'Internal Server Error');
}
