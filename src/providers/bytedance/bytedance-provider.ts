/**
 * Seedance through `@ai-sdk/bytedance` (BytePlus ModelArk). The package (1.0.29) implements
 * only the V3 `doGenerate`, which creates the task and then polls inside the call; reelgate
 * adapts it behind `doStart`/`doStatus` (ai-sdk-common/start-only-adapter.ts): the package
 * still builds and sends the create request, and reelgate reads the task status itself.
 * `baseURL` (ARK_BASE_URL) points it anywhere, e.g. the emulator's `<url>/bytedance/api/v3`.
 * ModelArk documents no deduplication of creates; its `callback_url` notices are unsigned, so
 * reelgate polls. `returnLastFrame` (provider option) makes the task return its last frame.
 *
 * @example
 * const binding = bytedanceBinding({ apiKey: process.env.ARK_API_KEY! });
 * const model = binding.videoModel('seedance-1-0-pro-250528');
 */
import { createByteDance } from '@ai-sdk/bytedance';
import type {
  Experimental_VideoModelV4OperationStatusResult as StatusResult,
  JSONValue,
} from '@ai-sdk/provider';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { getJson, StartOnlyAdapter, startOnlyFetch } from '../ai-sdk-common/start-only-adapter.ts';
import { stringAt } from '../ai-sdk-common/task-family.ts';
import type { ProviderBinding } from '../provider-port.ts';
import { bytedanceFamily } from './bytedance-family.ts';

export const BYTEDANCE_DEFAULT_BASE_URL = 'https://ark.ap-southeast.bytepluses.com/api/v3';

export interface ByteDanceSettings extends BindingRuntimeSettings {
  apiKey: string;
  baseURL?: string | undefined;
}

const taskIdOf = jobIdField('taskId');

/**
 * `@ai-sdk/bytedance` with `doStart`/`doStatus`: `video(id)` is a `VideoModelV4` whose start is
 * the package's own create request.
 */
export function createByteDanceAsync(settings: {
  apiKey: string;
  baseURL?: string | undefined;
  fetch?: typeof fetch;
}) {
  const baseURL = (settings.baseURL ?? BYTEDANCE_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  const provider = createByteDance({ apiKey: settings.apiKey, baseURL, fetch: startOnlyFetch(fetchImpl) });
  const status = async (operation: JSONValue, signal: AbortSignal | undefined): Promise<StatusResult> => {
    const id = taskIdOf(operation) ?? '';
    const { body, headers } = await getJson(
      fetchImpl,
      `${baseURL}/contents/generations/tasks/${encodeURIComponent(id)}`,
      { authorization: `Bearer ${settings.apiKey}` },
      signal,
    );
    const response = { timestamp: new Date(), modelId: stringAt(body, 'model') ?? '', headers };
    const state = stringAt(body, 'status');
    if (state === 'succeeded') {
      const url = stringAt(body, 'content', 'video_url');
      if (!url)
        return { status: 'error', error: `ModelArk task ${id} succeeded without a video URL.`, response };
      const lastFrameUrl = stringAt(body, 'content', 'last_frame_url');
      return {
        status: 'completed',
        videos: [{ type: 'url', url, mediaType: 'video/mp4' }],
        warnings: [],
        response,
        providerMetadata: { bytedance: { taskId: id, ...(lastFrameUrl ? { lastFrameUrl } : {}) } },
      };
    }
    if (state === 'failed' || state === 'cancelled' || state === 'expired') {
      const message = stringAt(body, 'error', 'message') ?? `task ${state}`;
      return { status: 'error', error: `Video generation ${state}: ${message}`, response };
    }
    return { status: 'pending', response };
  };
  return {
    baseURL,
    video: (modelId: string) =>
      new StartOnlyAdapter(provider.video(modelId), {
        operationOf: (body) => {
          const id = stringAt(body, 'id');
          return id ? { taskId: id } : undefined;
        },
        status,
      }),
  };
}

export function bytedanceBinding(settings: ByteDanceSettings): ProviderBinding {
  const fetchImpl = capturingFetch(settings.fetch ?? globalThis.fetch);
  const provider = createByteDanceAsync({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    fetch: fetchImpl,
  });
  const baseURL = provider.baseURL;
  return adaptedBinding({
    name: 'bytedance',
    family: bytedanceFamily,
    createModel: (modelId) => provider.video(modelId),
    jobIdOf: taskIdOf,
    secrets: [settings.apiKey],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
    async cancel(operation) {
      const id = taskIdOf(operation);
      if (!id) return;
      const response = await fetchImpl(`${baseURL}/contents/generations/tasks/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${settings.apiKey}` },
      });
      await response.body?.cancel();
    },
  });
}
