/** Prompt help: `POST /v1/prompts/lint`, `POST /v1/prompts/build`, and `POST /v1/prompts/enhance` when configured. */
import { createRoute } from '@hono/zod-openapi';
import {
  buildRequestSchema,
  buildResponseSchema,
  enhanceRequestSchema,
  enhanceResponseSchema,
  lintRequestSchema,
  lintResponseSchema,
} from '../../contract/planning.ts';
import { presentLint, presentPolicy } from '../../contract/presenters/planning.ts';
import type { PlanningService } from '../../core/planning.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';

const tags = ['Prompt help'];

export const lintPromptRoute = createRoute({
  method: 'post',
  path: '/v1/prompts/lint',
  operationId: 'lintPrompt',
  summary: 'Warnings, with reasons, for a prompt (advice only), plus pre-flight policy findings',
  tags,
  request: { body: jsonBody(lintRequestSchema) },
  responses: { 200: jsonResponse(lintResponseSchema, 'Warnings and policy findings.') },
});

export const buildPromptRoute = createRoute({
  method: 'post',
  path: '/v1/prompts/build',
  operationId: 'buildPrompt',
  summary: 'Assemble a prompt from parts (subject, action, setting, camera, lighting, style, mood, details)',
  tags,
  request: { body: jsonBody(buildRequestSchema) },
  responses: { 200: jsonResponse(buildResponseSchema, 'The prompt and its lint warnings.') },
});

export const enhancePromptRoute = createRoute({
  method: 'post',
  path: '/v1/prompts/enhance',
  operationId: 'enhancePrompt',
  summary: "Rewrite a prompt with the gateway's configured language model",
  tags,
  request: { body: jsonBody(enhanceRequestSchema) },
  responses: { 200: jsonResponse(enhanceResponseSchema, 'The rewritten prompt.') },
});

export function registerPromptRoutes(app: GatewayApp, context: RouteContext, service: PlanningService): void {
  const { auth } = context;
  app.openapi({ ...lintPromptRoute, middleware: auth }, async (c) => {
    const input = c.req.valid('json');
    const result = await service.lintPrompt(c.get('account').id, {
      prompt: input.prompt,
      model: input.model,
      durationSeconds: input.duration,
    });
    return c.json({ warnings: result.warnings.map(presentLint), policy: presentPolicy(result.policy) }, 200);
  });

  app.openapi({ ...buildPromptRoute, middleware: auth }, async (c) => {
    const result = service.buildPrompt(c.req.valid('json'));
    return c.json({ prompt: result.prompt, warnings: result.warnings.map(presentLint) }, 200);
  });

  if (!service.enhancementEnabled || !service.enhancePrompt) return;
  const enhance = service.enhancePrompt.bind(service);
  app.openapi({ ...enhancePromptRoute, middleware: auth }, async (c) => {
    const input = c.req.valid('json');
    return c.json(
      await enhance(c.get('account').id, { prompt: input.prompt, durationSeconds: input.duration }),
      200,
    );
  });
}
