/** The simple generation contract, unchanged: `POST /v1/videos/generations`, `GET /v1/videos/generations/{id}`. */
import { idempotencyHeadersSchema } from '../../contract/common.ts';
import { modelsOf, requestedExtrasOf } from '../../contract/request-options.ts';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { seedCreateRequestSchema, seedGenerationResponseSchema } from '../../contract/seed.ts';
import { notFound } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';
import { presentSeed } from '../../contract/presenters/seed.ts';

const tags = ['Simple generation contract'];

export const createSeedGenerationRoute = createRoute({
  method: 'post',
  path: '/v1/videos/generations',
  operationId: 'createSeedGeneration',
  summary: 'Create a video generation (simple generation contract)',
  description:
    "Accepts the original integration guide's JSON body. Adjustments made to fit the model are listed in `warnings`.",
  tags,
  request: { body: jsonBody(seedCreateRequestSchema), headers: idempotencyHeadersSchema },
  responses: { 200: jsonResponse(seedGenerationResponseSchema, 'The queued generation.') },
});

export const getSeedGenerationRoute = createRoute({
  method: 'get',
  path: '/v1/videos/generations/{id}',
  operationId: 'getSeedGeneration',
  summary: 'Poll a video generation (simple generation contract)',
  tags,
  request: { params: z.object({ id: z.string().describe('The generation id.') }) },
  responses: { 200: jsonResponse(seedGenerationResponseSchema, 'The generation.') },
});

export function registerSeedRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps, auth } = context;

  app.openapi({ ...createSeedGenerationRoute, middleware: [auth, context.idempotent] }, async (c) => {
    const input = c.req.valid('json');
    const generation = await deps.service.create(c.get('account').id, {
      prompt: input.prompt,
      ...modelsOf(input.model),
      fallbackOnRefusal: input.fallback_on_refusal,
      resolution: input.resolution,
      durationSeconds: input.duration,
      surface: 'generations',
      options: requestedExtrasOf(input),
      // Clients of this contract wait for `status: "failed"`: a refused prompt becomes a failed
      // generation carrying the error and its hint, not a 400 they were never written for.
      refusals: 'failed-generation',
    });
    return c.json(presentSeed(generation, context.linkerFor(c)), 200);
  });

  app.openapi({ ...getSeedGenerationRoute, middleware: auth }, async (c) => {
    const generation = await deps.service.get(c.get('account').id, c.req.valid('param').id);
    if (!generation) throw notFound('generation');
    return c.json(presentSeed(generation, context.linkerFor(c)), 200);
  });
}
