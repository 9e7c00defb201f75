/**
 * Veo through `@ai-sdk/google` (Gemini API). Its `baseURL` (GOOGLE_GENERATIVE_AI_BASE_URL)
 * points it anywhere, e.g. the emulator's `<url>/google/v1beta`.
 *
 * @example
 * const binding = googleBinding({ apiKey: process.env.GOOGLE_GENERATIVE_AI_API_KEY! });
 * const model = binding.videoModel('veo-3.1-generate-preview');
 */
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import type { ProviderBinding } from '../provider-port.ts';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { googleFamily } from './google-family.ts';

export const GOOGLE_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

export interface GoogleSettings extends BindingRuntimeSettings {
  apiKey: string;
  baseURL?: string | undefined;
}

export function googleBinding(settings: GoogleSettings): ProviderBinding {
  const baseURL = (settings.baseURL ?? GOOGLE_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const provider = createGoogleGenerativeAI({
    apiKey: settings.apiKey,
    baseURL,
    fetch: capturingFetch(settings.fetch ?? globalThis.fetch),
  });
  return adaptedBinding({
    name: 'google',
    family: googleFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: jobIdField('operationName'),
    secrets: [settings.apiKey],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
    // Generated files need the key: sent as a header, and only to the API's own origin.
    credentialOrigin: new URL(baseURL).origin,
    credentialHeaders: { 'x-goog-api-key': settings.apiKey },
  });
}
