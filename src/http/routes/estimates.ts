/** `POST /v1/estimates`: cost, plan, mapping warnings, prompt lint and policy findings before submitting. */
import type { Hono } from 'hono';
import type { PlanningService } from '../../core/planning.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { presentEstimate } from '../presenters/planning.ts';
import { readBody } from '../request-body.ts';
import { estimateRequestSchema, estimateResponseSchema } from '../schemas/planning.ts';
import { parseOrThrow } from '../validation.ts';

export function registerEstimateRoutes(
  app: Hono<AppEnv>,
  context: RouteContext,
  service: PlanningService,
): void {
  const { registry, auth } = context;
  registry.add({
    method: 'post',
    path: '/v1/estimates',
    operationId: 'createEstimate',
    summary: 'Estimate a generation or storyboard before submitting it',
    description:
      'Nothing is submitted. Policy findings and budget problems are reported in the answer (200), not as errors; an unknown model or size is still a 400.',
    tags: ['Long videos'],
    security: 'bearer',
    body: { json: estimateRequestSchema },
    responses: { '200': { description: 'The estimate.', schema: estimateResponseSchema } },
  });
  app.post('/v1/estimates', auth, async (c) => {
    const body = await readBody(c, ['json']);
    const input = parseOrThrow(estimateRequestSchema, body.value);
    const estimate = await service.estimate(c.get('account').id, {
      prompt: input.prompt,
      shots: input.shots?.map((shot) => ({
        prompt: shot.prompt,
        durationSeconds: shot.duration,
        ...(shot.continue_previous ? { continuePrevious: true } : {}),
      })),
      model: input.model,
      resolution: input.resolution,
      size: input.size,
      durationSeconds: input.duration,
    });
    return c.json(presentEstimate(estimate));
  });
}
