/** Admin: per-account budgets, concurrency limit and the pre-flight policy switch. */
import type { Hono } from 'hono';
import { notFound } from '../../core/errors.ts';
import type { PlanningService } from '../../core/planning.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { presentLimits } from '../presenters/planning.ts';
import { readBody } from '../request-body.ts';
import { limitsPatchSchema, limitsResponseSchema } from '../schemas/planning.ts';
import { parseOrThrow } from '../validation.ts';

const tags = ['Cost control'];

export function registerAccountLimitRoutes(
  app: Hono<AppEnv>,
  context: RouteContext,
  service: PlanningService,
): void {
  const { registry, adminAuth } = context;
  const pathParams = { id: 'The account id.' };
  registry.add({
    method: 'get',
    path: '/v1/admin/accounts/{id}/limits',
    operationId: 'getAccountLimits',
    summary: "An account's daily/monthly budgets, concurrency limit and policy switch (admin)",
    tags,
    security: 'bearer',
    pathParams,
    responses: { '200': { description: 'The limits.', schema: limitsResponseSchema } },
  });
  app.get('/v1/admin/accounts/:id/limits', adminAuth, async (c) => {
    const limits = await service.getLimits(c.req.param('id'));
    if (!limits) throw notFound('account');
    return c.json(presentLimits(limits));
  });

  registry.add({
    method: 'patch',
    path: '/v1/admin/accounts/{id}/limits',
    operationId: 'updateAccountLimits',
    summary: "Change an account's budgets, concurrency limit or policy switch (admin; null removes a limit)",
    tags,
    security: 'bearer',
    pathParams,
    body: { json: limitsPatchSchema },
    responses: { '200': { description: 'The limits now.', schema: limitsResponseSchema } },
  });
  app.patch('/v1/admin/accounts/:id/limits', adminAuth, async (c) => {
    const input = parseOrThrow(limitsPatchSchema, (await readBody(c, ['json'])).value);
    const limits = await service.setLimits(c.req.param('id'), {
      ...(input.daily_budget_usd !== undefined ? { dailyUsd: input.daily_budget_usd } : {}),
      ...(input.monthly_budget_usd !== undefined ? { monthlyUsd: input.monthly_budget_usd } : {}),
      ...(input.concurrency_limit !== undefined ? { maxConcurrent: input.concurrency_limit } : {}),
      ...(input.policy_check !== undefined ? { policyCheck: input.policy_check } : {}),
    });
    if (!limits) throw notFound('account');
    return c.json(presentLimits(limits));
  });
}
