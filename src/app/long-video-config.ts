/**
 * Planning options from the configuration's `planning` part (REELGATE_PROMPT_ENHANCER,
 * REELGATE_PROMPT_ENHANCER_BASE_URL, REELGATE_POLICY_ALLOW_RULES; see docs/configuration.md):
 * the prompt-enhancement model through the AI SDK (loaded only when configured) and the
 * pre-flight policy rules skipped for every account.
 */
import type { LanguageModel } from 'ai';
import type { ReelgateConfig } from '../config/load-config.ts';
import type { PlanningOptions } from './planning-service.ts';

export async function createPlanningOptions(settings: ReelgateConfig['planning']): Promise<PlanningOptions> {
  const options: PlanningOptions = {};
  if (settings.allowRules.length > 0) options.policy = { allowRules: [...settings.allowRules] };
  const enhancer = settings.enhancer;
  if (!enhancer) return options;
  const settingsFor = {
    ...(enhancer.baseURL ? { baseURL: enhancer.baseURL } : {}),
    ...(enhancer.apiKey ? { apiKey: enhancer.apiKey } : {}),
  };
  let model: LanguageModel;
  if (enhancer.family === 'google') {
    const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
    model = createGoogleGenerativeAI(settingsFor).languageModel(enhancer.modelId);
  } else {
    const { createXai } = await import('@ai-sdk/xai');
    model = createXai(settingsFor).languageModel(enhancer.modelId);
  }
  options.enhancer = { model };
  return options;
}
