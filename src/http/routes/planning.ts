/**
 * The planning routes (storyboards, estimates, prompt help, usage, account limits), offered when
 * the app is given a planning service (`HttpDeps.planning`); without one the OpenAPI document
 * does not list them, so the studio hides those screens.
 */
import type { GatewayApp, RouteContext } from '../app.ts';
import { registerAccountLimitRoutes } from './account-limits.ts';
import { registerEstimateRoutes } from './estimates.ts';
import { registerPromptRoutes } from './prompts.ts';
import { registerStoryboardRoutes } from './storyboards.ts';
import { registerUsageRoutes } from './usage.ts';

export function registerPlanningRoutes(app: GatewayApp, context: RouteContext): void {
  const service = context.deps.planning;
  if (!service) return;
  registerStoryboardRoutes(app, context, service);
  registerEstimateRoutes(app, context, service);
  registerPromptRoutes(app, context, service);
  registerUsageRoutes(app, context, service);
  registerAccountLimitRoutes(app, context, service);
}
