/** Replicate's problem-details errors `{title, detail, status}` and the face's error mapper. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { ImageInputError } from '../provider-common/image-input.ts';
import { BodyError } from '../provider-common/request.ts';

export interface InvalidField {
  type: string;
  field: string;
  description: string;
}

export class ReplicateApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly invalidFields: InvalidField[] | undefined;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    title: string,
    detail: string,
    options: { invalidFields?: InvalidField[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ReplicateApiError';
    this.status = status;
    this.title = title;
    this.invalidFields = options.invalidFields;
    this.headers = options.headers ?? {};
  }
}

export function invalidInput(field: string, description: string, type = 'invalid'): ReplicateApiError {
  return new ReplicateApiError(422, 'Input validation failed', `- input.${field}: ${description}`, {
    invalidFields: [{ type, field: `input.${field}`, description }],
  });
}

export function notFound(): ReplicateApiError {
  return new ReplicateApiError(404, 'Not found', 'The requested resource could not be found.');
}

export function replicateErrorHandler(error: Error, c: Context): Response {
  let mapped: ReplicateApiError;
  if (error instanceof ReplicateApiError) mapped = error;
  else if (error instanceof BodyError) mapped = new ReplicateApiError(400, 'Bad request', error.message);
  else if (error instanceof ImageInputError) mapped = invalidInput('image', error.message, 'format');
  else if (error instanceof EmulatorHttpError) {
    mapped =
      error.status === 429
        ? new ReplicateApiError(
            429,
            'Request was throttled',
            'Request was throttled. Expected available in 1 second.',
            {
              headers: error.headers,
            },
          )
        : new ReplicateApiError(
            error.status,
            error.status >= 500 ? 'Internal server error' : 'Bad request',
            error.message,
            {
              headers: error.headers,
            },
          );
  } else if (error instanceof HTTPException)
    mapped = new ReplicateApiError(error.status, 'Bad request', error.message);
  else {
    console.error('emulator(replicate): unexpected error', error);
    mapped = new ReplicateApiError(500, 'Internal server error', 'An unexpected error occurred.');
  }
  return c.json(
    {
      title: mapped.title,
      detail: mapped.message,
      status: mapped.status,
      ...(mapped.invalidFields ? { invalid_fields: mapped.invalidFields } : {}),
    },
    mapped.status as 400,
    { 'content-type': 'application/problem+json', ...mapped.headers },
  );
}
