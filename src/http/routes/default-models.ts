/**
 * The account's default fallback list: `GET /v1/account/default-models` and
 * `PUT /v1/account/default-models` `{models: ["fal:...", "google:..."] | null}`. Creates that
 * name no model use it (before the server's `REELGATE_DEFAULT_MODELS`). Each name must be a
 * known model or alias; `null` or `[]` removes the list.
 */
import { createRoute } from '@hono/zod-openapi';
import { defaultModelsBodySchema, defaultModelsSchema } from '../../contract/models.ts';
import type { CatalogRegistry } from '../../core/catalog/registry.ts';
import { invalidRequest, notFound } from '../../core/errors.ts';
import type { ModelChains } from '../../core/fallback-policy.ts';
import type { Queryable } from '../../db/db.ts';
import {
  readAccountDefaultModels,
  writeAccountDefaultModels,
} from '../../db/queries/account-default-models.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { parsedByHandler } from '../openapi/openapi-app.ts';
import { jsonResponse } from '../openapi/responses.ts';

const path = '/v1/account/default-models';

export interface DefaultModelsDeps {
  db: Queryable;
  catalog: CatalogRegistry;
  chains: ModelChains;
}

export const getDefaultModelsRoute = createRoute({
  method: 'get',
  path,
  operationId: 'getDefaultModels',
  summary: "The account's default fallback list of models (used when a create names no model)",
  tags: ['Models'],
  responses: { 200: jsonResponse(defaultModelsSchema, 'The list.') },
});

export const setDefaultModelsRoute = createRoute({
  method: 'put',
  path,
  operationId: 'setDefaultModels',
  summary: "Sets the account's default fallback list (`{models: [...]}`; `null` removes it)",
  tags: ['Models'],
  request: {
    // Parsed by the handler: any unreadable body gets the one refusal that shows the expected shape.
    body: {
      required: true,
      content: { 'application/json': { schema: parsedByHandler(defaultModelsBodySchema) } },
    },
  },
  responses: {
    200: jsonResponse(defaultModelsSchema, 'The list now.'),
    400: { description: 'An unknown model name, or a body of another shape.' },
  },
});

export function registerDefaultModelRoutes(
  app: GatewayApp,
  context: RouteContext,
  deps: DefaultModelsDeps,
): void {
  const answer = (models: string[] | null) => ({
    object: 'default_models' as const,
    models,
    server_default: [...deps.chains.serverDefault],
  });
  app.use(path, context.auth);
  app.openapi(getDefaultModelsRoute, async (c) =>
    c.json(answer((await readAccountDefaultModels(deps.db, c.get('account').id)) ?? null), 200),
  );
  app.openapi(setDefaultModelsRoute, async (c) => {
    const parsed = defaultModelsBodySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      throw invalidRequest('The body must be {"models": [model, ...]} or {"models": null}.', 'models');
    }
    const names = parsed.data.models ?? [];
    // Aliases are kept as names (they expand when used); anything else must be a catalog model.
    for (const name of names) if (!deps.chains.aliases[name.toLowerCase()]) deps.catalog.resolve(name);
    const stored = names.length === 0 ? null : names;
    if (!(await writeAccountDefaultModels(deps.db, c.get('account').id, stored))) throw notFound('account');
    return c.json(answer(stored), 200);
  });
}
