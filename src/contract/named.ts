/**
 * Names a wire schema: it becomes `#/components/schemas/<id>` in `/openapi.json` (zod's global
 * registry `id`, which both zod's JSON Schema output and the OpenAPI generator understand).
 */
import type { z } from 'zod';

export function named<Schema extends z.ZodType>(id: string, schema: Schema, description?: string): Schema {
  return schema.meta(description === undefined ? { id } : { id, description }) as Schema;
}
