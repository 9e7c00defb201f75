/** Small builders for route declarations (`createRoute`). */
import type { z } from 'zod';

/** A JSON response of `schema`. */
export function jsonResponse<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required request body of `schema`, sent as JSON. */
export function jsonBody<Schema extends z.ZodType>(schema: Schema) {
  return { required: true, content: { 'application/json': { schema } } };
}
