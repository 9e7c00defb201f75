/** `POST /v1/storyboards`: ordered shots, each with its own prompt and duration, stitched into one video. */
import { createRoute } from '@hono/zod-openapi';
import { idempotencyHeadersSchema } from '../../contract/common.ts';
import { generationResourceSchema } from '../../contract/generations.ts';
import { storyboardCreateSchema } from '../../contract/planning.ts';
import { presentGeneration } from '../../contract/presenters/generation.ts';
import type { PlanningService } from '../../core/planning.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';

export const createStoryboardRoute = createRoute({
  method: 'post',
  path: '/v1/storyboards',
  operationId: 'createStoryboard',
  summary: 'Create a storyboard: shots in order, stitched into one video',
  description:
    'Each shot is planned as one or more segments (one provider call each); the answer is the parent generation, with `plan` and `segments` showing each part. Pre-flight checks (content policy, budgets) run before any provider call.',
  tags: ['Long videos'],
  request: { body: jsonBody(storyboardCreateSchema), headers: idempotencyHeadersSchema },
  responses: { 200: jsonResponse(generationResourceSchema, 'The accepted video.') },
});

export function registerStoryboardRoutes(
  app: GatewayApp,
  context: RouteContext,
  service: PlanningService,
): void {
  app.openapi({ ...createStoryboardRoute, middleware: [context.auth, context.idempotent] }, async (c) => {
    const input = c.req.valid('json');
    const generation = await service.createStoryboard(c.get('account').id, {
      shots: input.shots.map((shot) => ({
        prompt: shot.prompt,
        durationSeconds: shot.duration,
        ...(shot.continue_previous ? { continuePrevious: true } : {}),
        ...(shot.assets ? { assets: shot.assets } : {}),
      })),
      model: input.model,
      resolution: input.resolution,
      size: input.size,
      crossfadeSeconds: input.crossfade,
    });
    return c.json(presentGeneration(generation, context.linkerFor(c)), 200);
  });
}
