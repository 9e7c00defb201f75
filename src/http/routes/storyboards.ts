/** `POST /v1/storyboards`: ordered shots, each with its own prompt and duration, stitched into one video. */
import type { Hono } from 'hono';
import type { PlanningService } from '../../core/planning.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { presentGeneration } from '../presenters/generation.ts';
import { readBody } from '../request-body.ts';
import { generationResourceSchema } from '../schemas/generations.ts';
import { storyboardCreateSchema } from '../schemas/planning.ts';
import { parseOrThrow } from '../validation.ts';

export function registerStoryboardRoutes(
  app: Hono<AppEnv>,
  context: RouteContext,
  service: PlanningService,
): void {
  const { registry, auth } = context;
  registry.add({
    method: 'post',
    path: '/v1/storyboards',
    operationId: 'createStoryboard',
    summary: 'Create a storyboard: shots in order, stitched into one video',
    description:
      'Each shot is planned as one or more segments (one provider call each); the answer is the parent generation, with `plan` and `segments` showing each part. Pre-flight checks (content policy, budgets) run before any provider call.',
    tags: ['Long videos'],
    security: 'bearer',
    body: { json: storyboardCreateSchema },
    responses: { '200': { description: 'The accepted video.', schema: generationResourceSchema } },
  });
  app.post('/v1/storyboards', auth, async (c) => {
    const body = await readBody(c, ['json']);
    const input = parseOrThrow(storyboardCreateSchema, body.value);
    const generation = await service.createStoryboard(c.get('account').id, {
      shots: input.shots.map((shot) => ({
        prompt: shot.prompt,
        durationSeconds: shot.duration,
        ...(shot.continue_previous ? { continuePrevious: true } : {}),
      })),
      model: input.model,
      resolution: input.resolution,
      size: input.size,
      crossfadeSeconds: input.crossfade,
    });
    return c.json(presentGeneration(generation, context.linkerFor(c)));
  });
}
