/**
 * xAI video (grok-imagine-video) through `@ai-sdk/xai`; `baseURL` (XAI_BASE_URL) points it
 * anywhere, e.g. the emulator's `<url>/xai/v1`.
 *
 * @example
 * const binding = xaiBinding({ apiKey: process.env.XAI_API_KEY! });
 * const model = binding.videoModel('grok-imagine-video');
 */
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { createXai } from '@ai-sdk/xai';
import type { ProviderBinding } from '../provider-port.ts';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { xaiFamily } from './xai-family.ts';

export const XAI_DEFAULT_BASE_URL = 'https://api.x.ai/v1';

export interface XaiSettings extends BindingRuntimeSettings {
  apiKey: string;
  baseURL?: string | undefined;
}

export function xaiBinding(settings: XaiSettings): ProviderBinding {
  const provider = createXai({
    apiKey: settings.apiKey,
    baseURL: (settings.baseURL ?? XAI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    fetch: capturingFetch(settings.fetch ?? globalThis.fetch),
  });
  return adaptedBinding({
    name: 'xai',
    family: xaiFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: jobIdField('requestId'),
    secrets: [settings.apiKey],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
  });
}
