/** Builds the OpenAPI 3.1 document of reelgate's own API from the route registry. */
import { z } from 'zod';
import { type RouteDoc, type RouteRegistry, schemaRegistry } from './registry.ts';

type Json = Record<string, unknown>;

const componentUri = (id: string) => `#/components/schemas/${id}`;

function clean(schema: Json): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** A schema as a `$ref` when it is named, inline otherwise. */
function schemaFor(schema: z.ZodType): Json {
  const id = schemaRegistry.get(schema)?.id;
  if (id) return { $ref: componentUri(id) };
  return clean(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Json);
}

function isOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}

function operationFor(route: RouteDoc): Json {
  const parameters: Json[] = [];
  for (const name of route.path.matchAll(/\{([^}]+)\}/g)) {
    const paramName = name[1] ?? '';
    parameters.push({
      name: paramName,
      in: 'path',
      required: true,
      schema: { type: 'string' },
      ...(route.pathParams?.[paramName] ? { description: route.pathParams[paramName] } : {}),
    });
  }
  if (route.query) {
    for (const [name, field] of Object.entries(route.query.shape)) {
      const fieldSchema = field as z.ZodType;
      parameters.push({
        name,
        in: 'query',
        required: !isOptional(fieldSchema),
        schema: clean(z.toJSONSchema(fieldSchema, { unrepresentable: 'any', io: 'input' }) as Json),
      });
    }
  }
  for (const [name, description] of Object.entries(route.headers ?? {})) {
    parameters.push({ name, in: 'header', required: false, schema: { type: 'string' }, description });
  }

  const operation: Json = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    ...(route.description ? { description: route.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
  };
  if (route.security === 'none' || route.security === 'signed-link') operation.security = [];
  if (route.body) {
    const content: Json = {};
    if (route.body.json) content['application/json'] = { schema: schemaFor(route.body.json) };
    if (route.body.multipart) content['multipart/form-data'] = { schema: schemaFor(route.body.multipart) };
    if (route.body.text) content[route.body.text] = { schema: { type: 'string' } };
    operation.requestBody = { required: route.body.required ?? true, content };
  }
  const responses: Json = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const content: Json = {};
    if (response.schema) content['application/json'] = { schema: schemaFor(response.schema) };
    for (const type of response.contentTypes ?? []) {
      content[type] = {
        schema: { type: 'string', ...(type.startsWith('text/') ? {} : { format: 'binary' }) },
      };
    }
    responses[status] = {
      description: response.description,
      ...(Object.keys(content).length > 0 ? { content } : {}),
      ...(response.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(response.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
    };
  }
  if (route.security !== 'none') {
    responses['4XX'] ??= {
      description: 'Invalid request, authentication failure, unknown id (404), or limit reached.',
      content: { 'application/json': { schema: { $ref: componentUri('ErrorResponse') } } },
    };
  }
  responses.default ??= {
    description: 'Error',
    content: { 'application/json': { schema: { $ref: componentUri('ErrorResponse') } } },
  };
  operation.responses = responses;
  return operation;
}

export interface OpenApiInfo {
  title?: string;
  version?: string;
  serverUrl?: string;
}

export function buildOpenApiDocument(registry: RouteRegistry, info: OpenApiInfo = {}): Json {
  const components = z.toJSONSchema(schemaRegistry, {
    uri: componentUri,
    unrepresentable: 'any',
    io: 'input',
  }) as {
    schemas: Record<string, Json>;
  };
  const paths: Record<string, Json> = {};
  for (const route of registry.routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Json)[route.method] = operationFor(route);
  }
  const tags = [...new Set(registry.routes.flatMap((route) => route.tags))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'reelgate API',
      version: info.version ?? '0.1.0',
      description:
        'A durable gateway for AI video generation. Three surfaces: the seed contract (/v1/videos/generations), ' +
        "an OpenAI-Videos-compatible surface (/v1/videos) and reelgate's own API (/v1/generations, events, files).",
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: `Authorization: Bearer <key>`.',
        },
      },
      schemas: Object.fromEntries(
        Object.entries(components.schemas).map(([id, schema]) => [id, clean(schema)]),
      ),
    },
  };
}
