/** `GET /v1/usage`: spend today and this month against the budgets, generations per model. */
import type { Hono } from 'hono';
import type { PlanningService } from '../../core/planning.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { presentUsage } from '../presenters/planning.ts';
import { usageResponseSchema } from '../schemas/planning.ts';

export function registerUsageRoutes(
  app: Hono<AppEnv>,
  context: RouteContext,
  service: PlanningService,
): void {
  const { registry, auth } = context;
  registry.add({
    method: 'get',
    path: '/v1/usage',
    operationId: 'getUsage',
    summary: "The account's spending (UTC day and month, reserved included) against its budgets",
    tags: ['Cost control'],
    security: 'bearer',
    responses: { '200': { description: 'Usage.', schema: usageResponseSchema } },
  });
  app.get('/v1/usage', auth, async (c) => c.json(presentUsage(await service.usage(c.get('account').id))));
}
