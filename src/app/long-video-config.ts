/**
 * Settings of issue 5's features read from the environment by `reelgate serve`:
 *
 * - `REELGATE_PROMPT_ENHANCER`: a language model for `POST /v1/prompts/enhance`, as
 *   `google:<model id>` (credentials: `GOOGLE_GENERATIVE_AI_API_KEY`) or `xai:<model id>`
 *   (`XAI_API_KEY`), through the AI SDK. Unset (the default): enhancement is off and the route is
 *   not offered.
 * - `REELGATE_PROMPT_ENHANCER_BASE_URL`: that provider's API base URL (optional).
 * - `REELGATE_POLICY_ALLOW_RULES`: comma-separated pre-flight policy rules or categories to skip
 *   for every account (e.g. `copyrighted_character`); per-account on/off is the admin limits API.
 */
import type { LanguageModel } from 'ai';
import type { PlanningOptions } from './long-video-service.ts';

export async function loadPlanningOptions(env: NodeJS.ProcessEnv = process.env): Promise<PlanningOptions> {
  const options: PlanningOptions = {};
  const allow = (env.REELGATE_POLICY_ALLOW_RULES ?? '')
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean);
  if (allow.length > 0) options.policy = { allowRules: allow };
  const spec = env.REELGATE_PROMPT_ENHANCER?.trim();
  if (!spec) return options;
  const at = spec.indexOf(':');
  const family = at > 0 ? spec.slice(0, at) : '';
  const modelId = at > 0 ? spec.slice(at + 1) : '';
  const baseURL = env.REELGATE_PROMPT_ENHANCER_BASE_URL?.trim() || undefined;
  let model: LanguageModel;
  if (family === 'google' && modelId) {
    const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
    model = createGoogleGenerativeAI(baseURL ? { baseURL } : {}).languageModel(modelId);
  } else if (family === 'xai' && modelId) {
    const { createXai } = await import('@ai-sdk/xai');
    model = createXai(baseURL ? { baseURL } : {}).languageModel(modelId);
  } else {
    throw new Error(
      `REELGATE_PROMPT_ENHANCER must be google:<model> or xai:<model> (got "${spec}"); unset it to turn enhancement off.`,
    );
  }
  options.enhancer = { model };
  return options;
}
