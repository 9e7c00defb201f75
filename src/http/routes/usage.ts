/** `GET /v1/usage`: spend today and this month against the budgets, generations per model. */
import { createRoute } from '@hono/zod-openapi';
import { usageResponseSchema } from '../../contract/planning.ts';
import { presentUsage } from '../../contract/presenters/planning.ts';
import type { PlanningService } from '../../core/planning.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonResponse } from '../openapi/responses.ts';

export const getUsageRoute = createRoute({
  method: 'get',
  path: '/v1/usage',
  operationId: 'getUsage',
  summary: "The account's spending (UTC day and month, reserved included) against its budgets",
  tags: ['Cost control'],
  responses: { 200: jsonResponse(usageResponseSchema, 'Usage.') },
});

export function registerUsageRoutes(app: GatewayApp, context: RouteContext, service: PlanningService): void {
  app.openapi({ ...getUsageRoute, middleware: context.auth }, async (c) =>
    c.json(presentUsage(await service.usage(c.get('account').id)), 200),
  );
}
