/**
 * The options a start sends beyond prompt, size and duration, read from the row: seed, frame
 * rate and audio as the AI SDK's call options; the negative prompt under
 * `providerOptions.reelgate` (the call options have no field for it; each provider family
 * moves it to its own spelling, src/providers/ai-sdk-common/options.ts); `provider_options`
 * and remix options under the provider's own key.
 */
import type { JSONValue, SharedV4ProviderOptions } from '@ai-sdk/provider';
import { readStoredOptions } from '../core/request-options.ts';
import type { GenerationRow } from '../db/queries/generation-row.ts';

export interface StartOptions {
  seed: number | undefined;
  fps: number | undefined;
  generateAudio: boolean | undefined;
  providerOptions: SharedV4ProviderOptions;
}

export function startOptionsOf(row: GenerationRow, providerKey: string): StartOptions {
  const stored = readStoredOptions(row.inputs);
  const providerOptions = { ...((row.inputs.providerOptions ?? {}) as SharedV4ProviderOptions) };
  if (stored.providerOptions) {
    providerOptions[providerKey] = {
      ...(providerOptions[providerKey] ?? {}),
      ...(stored.providerOptions as Record<string, JSONValue>),
    };
  }
  if (stored.negativePrompt !== undefined) {
    providerOptions.reelgate = { negativePrompt: stored.negativePrompt };
  }
  return {
    seed: stored.seed,
    fps: stored.fps,
    generateAudio: stored.generateAudio,
    providerOptions,
  };
}
