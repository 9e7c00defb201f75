/**
 * fal through `@ai-sdk/fal`. The package sends video queue calls to the fixed
 * https://queue.fal.run origin whatever `baseURL` says, so `origin` (REELGATE_FAL_ORIGIN)
 * installs an origin-rewriting fetch through the package's `fetch` option.
 *
 * @example
 * const binding = falBinding({ apiKey: process.env.FAL_KEY!, origin: 'http://127.0.0.1:4010/fal' });
 * const model = binding.videoModel('fal-ai/kling-video/v2.1/master/text-to-video');
 */
import { createFal } from '@ai-sdk/fal';
import type { JSONValue, Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import type { ProviderBinding } from '../../worker/provider-port.ts';
import { adaptedBinding } from '../ai-sdk-common/binding.ts';
import { originRewriteFetch } from '../ai-sdk-common/origin-rewrite.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { falFamily } from './fal-family.ts';

export const FAL_QUEUE_ORIGIN = 'https://queue.fal.run';
export const FAL_DEFAULT_BASE_URL = 'https://fal.run';

export interface FalSettings {
  apiKey: string;
  /** The package's `baseURL` (used by fal's non-queue calls). */
  baseURL?: string | undefined;
  /** Where https://queue.fal.run requests really go, e.g. http://127.0.0.1:4010/fal. */
  origin?: string | undefined;
  fetch?: typeof fetch | undefined;
  emulated?: boolean | undefined;
  timeScale?: number | undefined;
  now?: (() => number) | undefined;
  /** Sent as `fal_webhook` on every start when set. */
  webhookUrl?: string | undefined;
}

/** The fetch reelgate gives `@ai-sdk/fal`: origin rewrite (when set) plus response capture. */
export function falFetch(settings: Pick<FalSettings, 'origin' | 'fetch'>): typeof fetch {
  const base = settings.fetch ?? globalThis.fetch;
  const routed = settings.origin
    ? originRewriteFetch(
        { [FAL_QUEUE_ORIGIN]: settings.origin, [FAL_DEFAULT_BASE_URL]: settings.origin },
        base,
      )
    : base;
  return capturingFetch(routed);
}

export function falBinding(settings: FalSettings): ProviderBinding {
  const fetchImpl = falFetch(settings);
  const provider = createFal({
    apiKey: settings.apiKey,
    fetch: fetchImpl,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
  });
  return adaptedBinding({
    name: 'fal',
    family: falFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: falRequestId,
    secrets: [settings.apiKey],
    emulated: settings.emulated ?? false,
    timeScale: settings.timeScale ?? 1,
    ...(settings.now ? { now: settings.now } : {}),
    webhookUrl: settings.webhookUrl,
    async cancel(operation) {
      const responseUrl = (operation as { responseUrl?: unknown } | null)?.responseUrl;
      if (typeof responseUrl !== 'string' || !responseUrl.startsWith(`${FAL_QUEUE_ORIGIN}/`)) return;
      const response = await fetchImpl(`${responseUrl}/cancel`, {
        method: 'PUT',
        headers: { authorization: `Key ${settings.apiKey}` },
      });
      await response.body?.cancel();
    },
  });
}

/** The request id at the end of fal's response URL. */
export function falRequestId(operation: JSONValue): string | undefined {
  const url = (operation as { responseUrl?: unknown } | null)?.responseUrl;
  return typeof url === 'string' ? url.split('/').filter(Boolean).pop() : undefined;
}
