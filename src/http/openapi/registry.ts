/**
 * The per-route documentation registry behind `/openapi.json`. Every route file registers its
 * operations here next to the handler, using the same zod schemas it validates with, so the
 * document cannot drift from what is served. Later routes add themselves the same way.
 */
import { z } from 'zod';

/** Named schemas become `#/components/schemas/<id>`. */
export const schemaRegistry = z.registry<{ id: string; description?: string }>();

/** Registers a schema under a component name and returns it unchanged. */
export function named<Schema extends z.ZodType>(id: string, schema: Schema, description?: string): Schema {
  if (!schemaRegistry.has(schema)) {
    schemaRegistry.add(schema, description === undefined ? { id } : { id, description });
  }
  return schema;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How an operation is authorised. */
export type RouteSecurity = 'bearer' | 'admin' | 'signed-link' | 'none';

export interface RouteResponseDoc {
  description: string;
  /** A named JSON schema for `application/json`. */
  schema?: z.ZodType;
  /** Non-JSON bodies (e.g. `video/mp4`, `text/event-stream`). */
  contentTypes?: readonly string[];
  headers?: Readonly<Record<string, string>>;
}

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/v1/videos/{video_id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  security: RouteSecurity;
  query?: z.ZodObject;
  /** Descriptions of path parameters (all strings). */
  pathParams?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  body?: { json?: z.ZodType; multipart?: z.ZodType; text?: string; required?: boolean };
  responses: Readonly<Record<string, RouteResponseDoc>>;
}

export class RouteRegistry {
  readonly #routes: RouteDoc[] = [];

  add(route: RouteDoc): RouteDoc {
    if (this.#routes.some((existing) => existing.operationId === route.operationId)) {
      throw new Error(`Duplicate operationId ${route.operationId}`);
    }
    this.#routes.push(route);
    return route;
  }

  get routes(): readonly RouteDoc[] {
    return this.#routes;
  }
}
