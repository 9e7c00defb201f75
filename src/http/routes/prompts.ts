/** Prompt help: `POST /v1/prompts/lint`, `POST /v1/prompts/build`, and `POST /v1/prompts/enhance` when configured. */
import type { Hono } from 'hono';
import type { PlanningService } from '../../core/planning.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { presentLint, presentPolicy } from '../presenters/planning.ts';
import { readBody } from '../request-body.ts';
import {
  buildRequestSchema,
  buildResponseSchema,
  enhanceRequestSchema,
  enhanceResponseSchema,
  lintRequestSchema,
  lintResponseSchema,
} from '../schemas/planning.ts';
import { parseOrThrow } from '../validation.ts';

const tags = ['Prompt help'];

export function registerPromptRoutes(
  app: Hono<AppEnv>,
  context: RouteContext,
  service: PlanningService,
): void {
  const { registry, auth } = context;
  registry.add({
    method: 'post',
    path: '/v1/prompts/lint',
    operationId: 'lintPrompt',
    summary: 'Warnings, with reasons, for a prompt (advice only), plus pre-flight policy findings',
    tags,
    security: 'bearer',
    body: { json: lintRequestSchema },
    responses: { '200': { description: 'Warnings and policy findings.', schema: lintResponseSchema } },
  });
  app.post('/v1/prompts/lint', auth, async (c) => {
    const input = parseOrThrow(lintRequestSchema, (await readBody(c, ['json'])).value);
    const result = await service.lintPrompt(c.get('account').id, {
      prompt: input.prompt,
      model: input.model,
      durationSeconds: input.duration,
    });
    return c.json({ warnings: result.warnings.map(presentLint), policy: presentPolicy(result.policy) });
  });

  registry.add({
    method: 'post',
    path: '/v1/prompts/build',
    operationId: 'buildPrompt',
    summary:
      'Assemble a prompt from parts (subject, action, setting, camera, lighting, style, mood, details)',
    tags,
    security: 'bearer',
    body: { json: buildRequestSchema },
    responses: { '200': { description: 'The prompt and its lint warnings.', schema: buildResponseSchema } },
  });
  app.post('/v1/prompts/build', auth, async (c) => {
    const input = parseOrThrow(buildRequestSchema, (await readBody(c, ['json'])).value);
    const result = service.buildPrompt(input);
    return c.json({ prompt: result.prompt, warnings: result.warnings.map(presentLint) });
  });

  if (!service.enhancementEnabled || !service.enhancePrompt) return;
  const enhance = service.enhancePrompt.bind(service);
  registry.add({
    method: 'post',
    path: '/v1/prompts/enhance',
    operationId: 'enhancePrompt',
    summary: "Rewrite a prompt with the gateway's configured language model",
    tags,
    security: 'bearer',
    body: { json: enhanceRequestSchema },
    responses: { '200': { description: 'The rewritten prompt.', schema: enhanceResponseSchema } },
  });
  app.post('/v1/prompts/enhance', auth, async (c) => {
    const input = parseOrThrow(enhanceRequestSchema, (await readBody(c, ['json'])).value);
    return c.json(
      await enhance(c.get('account').id, { prompt: input.prompt, durationSeconds: input.duration }),
    );
  });
}
