/** Admin: per-account budgets, concurrency limit and the pre-flight policy switch. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { limitsPatchSchema, limitsResponseSchema } from '../../contract/planning.ts';
import { presentLimits } from '../../contract/presenters/planning.ts';
import { notFound } from '../../core/errors.ts';
import type { PlanningService } from '../../core/planning.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';

const tags = ['Cost control'];
const params = z.object({ id: z.string().describe('The account id.') });

export const getAccountLimitsRoute = createRoute({
  method: 'get',
  path: '/v1/admin/accounts/{id}/limits',
  operationId: 'getAccountLimits',
  summary: "An account's daily/monthly budgets, concurrency limit and policy switch (admin)",
  tags,
  request: { params },
  responses: { 200: jsonResponse(limitsResponseSchema, 'The limits.') },
});

export const updateAccountLimitsRoute = createRoute({
  method: 'patch',
  path: '/v1/admin/accounts/{id}/limits',
  operationId: 'updateAccountLimits',
  summary: "Change an account's budgets, concurrency limit or policy switch (admin; null removes a limit)",
  tags,
  request: { params, body: jsonBody(limitsPatchSchema) },
  responses: { 200: jsonResponse(limitsResponseSchema, 'The limits now.') },
});

export function registerAccountLimitRoutes(
  app: GatewayApp,
  context: RouteContext,
  service: PlanningService,
): void {
  const { adminAuth } = context;
  app.openapi({ ...getAccountLimitsRoute, middleware: adminAuth }, async (c) => {
    const limits = await service.getLimits(c.req.valid('param').id);
    if (!limits) throw notFound('account');
    return c.json(presentLimits(limits), 200);
  });

  app.openapi({ ...updateAccountLimitsRoute, middleware: adminAuth }, async (c) => {
    const input = c.req.valid('json');
    const limits = await service.setLimits(c.req.valid('param').id, {
      ...(input.daily_budget_usd !== undefined ? { dailyUsd: input.daily_budget_usd } : {}),
      ...(input.monthly_budget_usd !== undefined ? { monthlyUsd: input.monthly_budget_usd } : {}),
      ...(input.concurrency_limit !== undefined ? { maxConcurrent: input.concurrency_limit } : {}),
      ...(input.policy_check !== undefined ? { policyCheck: input.policy_check } : {}),
    });
    if (!limits) throw notFound('account');
    return c.json(presentLimits(limits), 200);
  });
}
