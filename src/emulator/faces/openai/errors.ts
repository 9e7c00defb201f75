/** OpenAI's error envelope `{error: {message, type, param, code}}` and the face's error mapper. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EmulatorHttpError } from '../../core/http-error.ts';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(error: EmulatorHttpError): OpenAIErrorBody {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
}

/** The face's onError: every failure becomes the envelope; unknown errors are a 500. */
export function openaiErrorHandler(error: Error, c: Context): Response {
  let mapped: EmulatorHttpError;
  if (error instanceof EmulatorHttpError) mapped = error;
  else if (error instanceof HTTPException) {
    mapped = new EmulatorHttpError({ status: error.status, message: error.message || 'Bad request' });
  } else {
    console.error('emulator(openai): unexpected error', error);
    mapped = new EmulatorHttpError({
      status: 500,
      type: 'server_error',
      message: 'The server had an error while processing your request.',
    });
  }
  return c.json(errorBody(mapped), mapped.status as 400, mapped.headers);
}

export function notFoundError(what: string, id: string, param: string | null = null): EmulatorHttpError {
  return new EmulatorHttpError({
    status: 404,
    type: 'invalid_request_error',
    code: 'not_found',
    param,
    message: `${what} with id '${id}' not found.`,
  });
}

export function invalidValue(param: string, message: string): EmulatorHttpError {
  return new EmulatorHttpError({ status: 400, param, code: 'invalid_value', message });
}

/** "'4', '8', and '12'" */
export function quotedList(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}
