/**
 * Issue 5's routes (storyboards, estimates, prompt help, usage, account limits), offered when
 * the service implements them (the real engine does; stand-ins may not, and then the OpenAPI
 * document does not list them, so the studio hides those screens).
 */
import type { Hono } from 'hono';
import { hasPlanning } from '../../core/planning.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { registerAccountLimitRoutes } from './account-limits.ts';
import { registerEstimateRoutes } from './estimates.ts';
import { registerPromptRoutes } from './prompts.ts';
import { registerStoryboardRoutes } from './storyboards.ts';
import { registerUsageRoutes } from './usage.ts';

export function registerPlanningRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const service = context.deps.service;
  if (!hasPlanning(service)) return;
  registerStoryboardRoutes(app, context, service);
  registerEstimateRoutes(app, context, service);
  registerPromptRoutes(app, context, service);
  registerUsageRoutes(app, context, service);
  registerAccountLimitRoutes(app, context, service);
}
