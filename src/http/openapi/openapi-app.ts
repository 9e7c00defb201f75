/**
 * Routes are declared once with `@hono/zod-openapi`'s `createRoute`: the declaration's schemas
 * validate the request, type the handler (`c.req.valid(...)`, typed `c.json` answers) and make
 * the `/openapi.json` entry. `createOpenApiApp()` returns an `OpenAPIHono` whose `openapi()`
 * keeps that, with two gateway rules:
 *
 * - validation failures become the gateway's 400 envelope naming the parameter at fault
 *   (`issueToError`), not the library's default answer;
 * - request bodies are read by `readBody` (JSON, or multipart with the OpenAI SDK's bracket
 *   notation; NUL refused; streamed size limit) and validated against the schema the route
 *   declares for the content type that arrived. Both `c.req.valid('json')` and
 *   `c.req.valid('form')` hold the result.
 *
 * @example
 * const route = createRoute({ method: 'get', path: '/v1/things/{id}', request: { params }, responses });
 * app.openapi({ ...route, middleware: [auth] }, (c) => c.json(present(c.req.valid('param').id), 200));
 */
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { invalidRequest } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { type BodyKind, readBody } from '../request-body.ts';
import { issueToError, parseOrThrow } from '../validation.ts';

/**
 * Marks a body the handler reads itself (e.g. a provider webhook whose signature covers the raw
 * bytes): documented, not parsed.
 */
export const rawBodySchema = z.string().meta({ description: 'The raw request body.' });

const handlerParsed = new WeakSet<z.ZodType>([rawBodySchema]);

/**
 * Marks a body schema the handler parses itself (an optional body, or a refusal worded for that
 * route): documented like any other, not read nor validated by the gateway. The schema itself
 * is marked: give it to one route only.
 *
 * @example
 * request: { body: { required: false, content: { 'application/json': { schema: parsedByHandler(rotateSchema) } } } }
 */
export function parsedByHandler<Schema extends z.ZodType>(schema: Schema): Schema {
  handlerParsed.add(schema);
  return schema;
}

const mediaTypeOf: Record<BodyKind, string> = {
  json: 'application/json',
  multipart: 'multipart/form-data',
};

type Body = NonNullable<NonNullable<RouteConfig['request']>['body']>;

function schemaFor(body: Body, kind: BodyKind): z.ZodType | undefined {
  const entry = body.content[mediaTypeOf[kind]];
  const schema = entry && 'schema' in entry ? entry.schema : undefined;
  return schema instanceof z.ZodType && !handlerParsed.has(schema) ? schema : undefined;
}

/** Reads and validates the body against the declared schema of the content type that arrived. */
function validateBody(body: Body): MiddlewareHandler<AppEnv> | undefined {
  const kinds = (['json', 'multipart'] as const).filter((kind) => schemaFor(body, kind));
  if (kinds.length === 0) return undefined;
  return async function validatedBody(c, next) {
    const parsed = await readBody(c, kinds);
    const schema = schemaFor(body, parsed.kind);
    if (!schema) throw invalidRequest('Unsupported request body.');
    const data = parseOrThrow(schema, parsed.value);
    c.req.addValidatedData('json', data as object);
    c.req.addValidatedData('form', data as object);
    await next();
  };
}

/**
 * A path parameter may carry the router's pattern, `/v1/models/{model_id{.+}}` (an id with
 * slashes): Hono matches it, the document shows `/v1/models/{model_id}`.
 */
function withoutPatterns(path: string): string {
  return path.replaceAll(/\{([A-Za-z_][A-Za-z0-9_]*)\{[^/]*?\}\}/g, '{$1}');
}

function asArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** An `OpenAPIHono` for the gateway's routes (and sub-apps mounted with `app.route`). */
export function createOpenApiApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        // The validator passes the input it checked as `data` (not in the hook's declared type).
        const input = (result as { data?: unknown }).data;
        throw issue ? issueToError(issue, input) : invalidRequest('Invalid request.');
      }
    },
  });
  const register = app.openapi;
  // Same signature as the library's; the body is validated by the gateway's reader instead.
  app.openapi = ((route: RouteConfig, handler: never, hook?: never) => {
    const body = route.request?.body;
    const documentedPath = withoutPatterns(route.path);
    if (!body && documentedPath === route.path) return register(route, handler, hook);
    // Documented as declared; read and validated by the gateway (or by the handler, for a raw body).
    const bodyValidator = body ? validateBody(body) : undefined;
    const { middleware, hide, ...declared } = route;
    if (!hide) app.openAPIRegistry.registerPath({ ...declared, path: documentedPath });
    const { body: _documentedOnly, ...request } = route.request ?? {};
    return register(
      {
        ...declared,
        hide: true,
        request,
        middleware: [
          ...asArray(middleware),
          ...(bodyValidator ? [bodyValidator] : []),
        ] as MiddlewareHandler[],
      },
      handler,
      hook,
    );
  }) as typeof app.openapi;
  return app;
}
