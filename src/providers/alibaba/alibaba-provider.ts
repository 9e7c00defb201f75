/**
 * Wan video through `@ai-sdk/alibaba` (DashScope's async video API). `videoBaseURL`
 * (ALIBABA_VIDEO_BASE_URL) points it anywhere, e.g. the emulator's `<url>/alibaba`.
 * DashScope documents no per-task webhooks and no deduplication of submissions.
 *
 * @example
 * const binding = alibabaBinding({ apiKey: process.env.ALIBABA_API_KEY! });
 * const model = binding.videoModel('wan2.6-t2v');
 */
import { createAlibaba } from '@ai-sdk/alibaba';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import type { ProviderBinding } from '../provider-port.ts';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { alibabaFamily } from './alibaba-family.ts';

export const ALIBABA_DEFAULT_VIDEO_BASE_URL = 'https://dashscope-intl.aliyuncs.com';

export interface AlibabaSettings extends BindingRuntimeSettings {
  apiKey: string;
  videoBaseURL?: string | undefined;
}

const taskIdOf = jobIdField('taskId');

export function alibabaBinding(settings: AlibabaSettings): ProviderBinding {
  const baseURL = (settings.videoBaseURL ?? ALIBABA_DEFAULT_VIDEO_BASE_URL).replace(/\/+$/, '');
  const fetchImpl = capturingFetch(settings.fetch ?? globalThis.fetch);
  const provider = createAlibaba({ apiKey: settings.apiKey, videoBaseURL: baseURL, fetch: fetchImpl });
  return adaptedBinding({
    name: 'alibaba',
    family: alibabaFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: taskIdOf,
    secrets: [settings.apiKey],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
    async cancel(operation) {
      const id = taskIdOf(operation);
      if (typeof id !== 'string') return;
      const response = await fetchImpl(`${baseURL}/api/v1/tasks/${encodeURIComponent(id)}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${settings.apiKey}` },
      });
      await response.body?.cancel();
    },
  });
}
