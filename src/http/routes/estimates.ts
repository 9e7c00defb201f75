/** `POST /v1/estimates`: cost, plan, mapping warnings, prompt lint and policy findings before submitting. */
import { createRoute } from '@hono/zod-openapi';
import { estimateRequestSchema, estimateResponseSchema } from '../../contract/planning.ts';
import { presentEstimate } from '../../contract/presenters/planning.ts';
import { requestedExtrasOf } from '../../contract/request-options.ts';
import type { PlanningService } from '../../core/planning.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';

export const createEstimateRoute = createRoute({
  method: 'post',
  path: '/v1/estimates',
  operationId: 'createEstimate',
  summary: 'Estimate a generation or storyboard before submitting it',
  description:
    'Nothing is submitted. Policy findings and budget problems are reported in the answer (200), not as errors; an unknown model or size is still a 400.',
  tags: ['Long videos'],
  request: { body: jsonBody(estimateRequestSchema) },
  responses: { 200: jsonResponse(estimateResponseSchema, 'The estimate.') },
});

export function registerEstimateRoutes(
  app: GatewayApp,
  context: RouteContext,
  service: PlanningService,
): void {
  app.openapi({ ...createEstimateRoute, middleware: context.auth }, async (c) => {
    const input = c.req.valid('json');
    const estimate = await service.estimate(c.get('account').id, {
      prompt: input.prompt,
      shots: input.shots?.map((shot) => ({
        prompt: shot.prompt,
        durationSeconds: shot.duration,
        ...(shot.continue_previous ? { continuePrevious: true } : {}),
        ...(shot.assets ? { assets: shot.assets } : {}),
      })),
      assets: input.assets,
      model: input.model,
      resolution: input.resolution,
      size: input.size,
      durationSeconds: input.duration,
      options: requestedExtrasOf(input),
    });
    return c.json(presentEstimate(estimate), 200);
  });
}
