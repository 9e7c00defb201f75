/**
 * Replicate through `@ai-sdk/replicate`; `baseURL` (REPLICATE_BASE_URL) points it anywhere,
 * e.g. the emulator's `<url>/replicate/v1`. With `webhookUrl` every prediction asks Replicate
 * to call reelgate when it completes; deliveries are verified with the account's signing
 * secret (REPLICATE_WEBHOOK_SECRET, from GET /v1/webhooks/default/secret).
 *
 * @example
 * const binding = replicateBinding({ apiToken: process.env.REPLICATE_API_TOKEN! });
 * const model = binding.videoModel('minimax/hailuo-02');
 */
import type { Experimental_VideoModelV4 as VideoModelV4, JSONValue } from '@ai-sdk/provider';
import { createReplicate } from '@ai-sdk/replicate';
import { Webhook } from 'standardwebhooks';
import { ReelgateError } from '../../core/errors.ts';
import type { ProviderBinding, VerifiedWebhook } from '../../worker/provider-port.ts';
import { adaptedBinding } from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { replicateFamily } from './replicate-family.ts';

export const REPLICATE_DEFAULT_BASE_URL = 'https://api.replicate.com/v1';

export interface ReplicateSettings {
  apiToken: string;
  baseURL?: string | undefined;
  fetch?: typeof fetch | undefined;
  emulated?: boolean | undefined;
  timeScale?: number | undefined;
  now?: (() => number) | undefined;
  /** Where Replicate should POST the finished prediction (reelgate's /webhooks/providers/replicate). */
  webhookUrl?: string | undefined;
  /** `whsec_...` secret for verifying deliveries. */
  webhookSecret?: string | undefined;
}

export function replicateBinding(settings: ReplicateSettings): ProviderBinding {
  const baseURL = (settings.baseURL ?? REPLICATE_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const fetchImpl = capturingFetch(settings.fetch ?? globalThis.fetch);
  const provider = createReplicate({ apiToken: settings.apiToken, baseURL, fetch: fetchImpl });
  const verifier = settings.webhookSecret ? new Webhook(settings.webhookSecret) : null;
  return adaptedBinding({
    name: 'replicate',
    family: replicateFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: predictionId,
    secrets: [settings.apiToken, ...(settings.webhookSecret ? [settings.webhookSecret] : [])],
    emulated: settings.emulated ?? false,
    timeScale: settings.timeScale ?? 1,
    ...(settings.now ? { now: settings.now } : {}),
    webhookUrl: settings.webhookUrl,
    webhooksConfigured: verifier !== null,
    async cancel(operation) {
      const getUrl = (operation as { getUrl?: unknown } | null)?.getUrl;
      // Only ever send the token to the configured API origin.
      if (typeof getUrl !== 'string' || new URL(getUrl).origin !== new URL(baseURL).origin) return;
      const response = await fetchImpl(`${getUrl}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${settings.apiToken}` },
      });
      await response.body?.cancel();
    },
    async verifyWebhook(rawBody: string, headers: Headers): Promise<VerifiedWebhook> {
      if (!verifier)
        throw new ReelgateError({ code: 'unauthorized', message: 'No Replicate webhook secret configured.' });
      let prediction: { id?: unknown; status?: unknown };
      try {
        prediction = verifier.verify(rawBody, Object.fromEntries(headers.entries())) as typeof prediction;
      } catch (error) {
        throw new ReelgateError({
          code: 'unauthorized',
          message: 'Replicate webhook signature rejected.',
          cause: error,
        });
      }
      return {
        eventId: headers.get('webhook-id') ?? '',
        type: `prediction.${typeof prediction.status === 'string' ? prediction.status : 'unknown'}`,
        jobId: typeof prediction.id === 'string' ? prediction.id : undefined,
      };
    },
  });
}

/** The prediction id at the end of its `urls.get`. */
export function predictionId(operation: JSONValue): string | undefined {
  const url = (operation as { getUrl?: unknown } | null)?.getUrl;
  return typeof url === 'string' ? url.split('/').filter(Boolean).pop() : undefined;
}
