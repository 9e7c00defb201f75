/**
 * MiniMax video (Hailuo H3) through `@ai-sdk/minimax`. `videoBaseURL` (MINIMAX_VIDEO_BASE_URL)
 * points it anywhere, e.g. the emulator's `<url>/minimax`. MiniMax's `callback_url` needs a
 * challenge handshake and its notices are unsigned, so reelgate polls; MiniMax documents no
 * deduplication of creates.
 *
 * @example
 * const binding = minimaxBinding({ apiKey: process.env.MINIMAX_API_KEY! });
 * const model = binding.videoModel('MiniMax-H3');
 */
import { createMiniMax } from '@ai-sdk/minimax';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import type { ProviderBinding } from '../provider-port.ts';
import { minimaxFamily } from './minimax-family.ts';

export const MINIMAX_DEFAULT_VIDEO_BASE_URL = 'https://api.minimax.io';

export interface MiniMaxSettings extends BindingRuntimeSettings {
  apiKey: string;
  videoBaseURL?: string | undefined;
}

export function minimaxBinding(settings: MiniMaxSettings): ProviderBinding {
  const baseURL = (settings.videoBaseURL ?? MINIMAX_DEFAULT_VIDEO_BASE_URL).replace(/\/+$/, '');
  const provider = createMiniMax({
    apiKey: settings.apiKey,
    videoBaseURL: baseURL,
    fetch: capturingFetch(settings.fetch ?? globalThis.fetch),
  });
  return adaptedBinding({
    name: 'minimax',
    family: minimaxFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: jobIdField('taskId'),
    secrets: [settings.apiKey],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
  });
}
