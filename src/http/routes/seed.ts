/** The seed contract, unchanged: `POST /v1/videos/generations`, `GET /v1/videos/generations/{id}`. */
import type { Hono } from 'hono';
import { notFound } from '../../core/errors.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { presentSeed } from '../presenters/seed.ts';
import { readBody } from '../request-body.ts';
import { seedCreateRequestSchema, seedGenerationResponseSchema } from '../schemas/seed.ts';
import { parseOrThrow } from '../validation.ts';

export function registerSeedRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { deps, registry, auth } = context;

  registry.add({
    method: 'post',
    path: '/v1/videos/generations',
    operationId: 'createSeedGeneration',
    summary: 'Create a video generation (seed contract)',
    description:
      "Accepts the original integration guide's JSON body. Adjustments made to fit the model are listed in `warnings`.",
    tags: ['Seed contract'],
    security: 'bearer',
    body: { json: seedCreateRequestSchema },
    responses: { '200': { description: 'The queued generation.', schema: seedGenerationResponseSchema } },
  });
  app.post('/v1/videos/generations', auth, async (c) => {
    const body = await readBody(c, ['json']);
    const input = parseOrThrow(seedCreateRequestSchema, body.value);
    const generation = await deps.service.create(c.get('account').id, {
      prompt: input.prompt,
      model: input.model,
      resolution: input.resolution,
      durationSeconds: input.duration,
      surface: 'generations',
    });
    return c.json(presentSeed(generation, context.linkerFor(c)));
  });

  registry.add({
    method: 'get',
    path: '/v1/videos/generations/{id}',
    operationId: 'getSeedGeneration',
    summary: 'Poll a video generation (seed contract)',
    tags: ['Seed contract'],
    security: 'bearer',
    responses: { '200': { description: 'The generation.', schema: seedGenerationResponseSchema } },
  });
  app.get('/v1/videos/generations/:id', auth, async (c) => {
    const generation = await deps.service.get(c.get('account').id, c.req.param('id'));
    if (!generation) throw notFound('generation');
    return c.json(presentSeed(generation, context.linkerFor(c)));
  });
}
