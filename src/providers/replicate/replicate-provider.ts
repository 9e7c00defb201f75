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
import { MAX_LIST_PAGES, matchesAttributes, windowStartMs } from '../lost-jobs.ts';
import type {
  FoundJob,
  JobStatusListing,
  ListedJobStatus,
  LostJobQuery,
  ProviderBinding,
  VerifiedWebhook,
} from '../provider-port.ts';
import { adaptedBinding, type BindingRuntimeSettings, runtimeOptions } from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { replicateFamily } from './replicate-family.ts';

export const REPLICATE_DEFAULT_BASE_URL = 'https://api.replicate.com/v1';

export interface ReplicateSettings extends BindingRuntimeSettings {
  apiToken: string;
  baseURL?: string | undefined;
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
  const api: PredictionsApi = { baseURL, apiToken: settings.apiToken, fetch: fetchImpl };
  const binding = adaptedBinding({
    name: 'replicate',
    family: replicateFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: predictionId,
    secrets: [settings.apiToken, ...(settings.webhookSecret ? [settings.webhookSecret] : [])],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
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
  return {
    ...binding,
    // A prediction carries no reference of ours that the list shows: match by prompt, model, time.
    findLostJobs: (query, signal) => findPredictions(api, query, signal),
    listJobStatuses: (sinceMs, options) => listPredictionStatuses(api, sinceMs, options),
  };
}

interface PredictionsApi {
  baseURL: string;
  apiToken: string;
  fetch: typeof fetch;
}

/**
 * Pages through `GET /v1/predictions` (newest first, 100 a page, `next` cursor) down to
 * predictions created before `sinceMs`, at most `maxPages` requests; returns those listed and the
 * requests made.
 */
async function listPredictionsSince(
  api: PredictionsApi,
  sinceMs: number,
  maxPages: number,
  signal: AbortSignal | undefined,
): Promise<{ predictions: Array<ListedPrediction & { createdAtMs: number }>; pages: number }> {
  const predictions: Array<ListedPrediction & { createdAtMs: number }> = [];
  const origin = new URL(api.baseURL).origin;
  let url: string | null = `${api.baseURL}/predictions`;
  let pages = 0;
  while (url && pages < maxPages) {
    // Only ever send the token to the configured API origin.
    if (new URL(url).origin !== origin) break;
    pages += 1;
    const response: Response = await api.fetch(url, {
      headers: { authorization: `Bearer ${api.apiToken}` },
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new ReelgateError({
        code: response.status === 429 ? 'provider_rate_limited' : 'provider_outage',
        message: `Replicate answered ${response.status} to listing predictions.`,
      });
    }
    const body = (await response.json()) as { next?: unknown; results?: unknown };
    const results = Array.isArray(body.results) ? (body.results as ListedPrediction[]) : [];
    for (const prediction of results) {
      const createdAtMs = Date.parse(prediction.created_at ?? '');
      if (Number.isFinite(createdAtMs) && createdAtMs < sinceMs) return { predictions, pages };
      predictions.push({ ...prediction, createdAtMs });
    }
    url = typeof body.next === 'string' ? body.next : null;
  }
  return { predictions, pages };
}

/** Predictions matching `query` (a lost start's prompt, model and time). */
async function findPredictions(
  api: PredictionsApi,
  lost: LostJobQuery,
  signal: AbortSignal | undefined,
): Promise<FoundJob[]> {
  // Listed predictions name the model `owner/name`, without a `:version`.
  const query = { ...lost, modelId: lost.modelId.split(':')[0]! };
  const { predictions } = await listPredictionsSince(api, windowStartMs(query), MAX_LIST_PAGES, signal);
  const found: FoundJob[] = [];
  for (const prediction of predictions) {
    const getUrl = prediction.urls?.get;
    if (typeof prediction.id !== 'string' || typeof getUrl !== 'string') continue;
    const prompt = prediction.input?.prompt;
    const listed = {
      prompt: typeof prompt === 'string' ? prompt : null,
      model: prediction.model,
      createdAtMs: prediction.createdAtMs,
    };
    if (!matchesAttributes(listed, query)) continue;
    found.push({
      operation: { getUrl },
      jobId: prediction.id,
      createdAtMs: prediction.createdAtMs,
      matchedBy: 'attributes',
    });
  }
  return found;
}

/**
 * Predictions with their status, for status sweeps. The list shows no progress (Replicate reports
 * it in the logs of a single prediction), and a completed prediction is still fetched on its own
 * (the stricter reading: the list is not documented to carry the output), so no `result`.
 */
async function listPredictionStatuses(
  api: PredictionsApi,
  sinceMs: number,
  options: { maxPages: number; startAfterJobId?: string | undefined; signal?: AbortSignal | undefined },
): Promise<JobStatusListing> {
  const { predictions, pages } = await listPredictionsSince(api, sinceMs, options.maxPages, options.signal);
  // The cursor is opaque (`next`): older-than-the-named-one is applied to what was read.
  const cursorAt = predictions.findIndex((prediction) => prediction.id === options.startAfterJobId);
  const jobs: ListedJobStatus[] = [];
  for (const prediction of predictions.slice(cursorAt + 1)) {
    if (typeof prediction.id !== 'string') continue;
    const status = String(prediction.status);
    // Unknown statuses count as running, as a status check reads them.
    const state =
      status === 'succeeded' ? 'completed' : endedPredictionStatuses.has(status) ? 'failed' : 'pending';
    jobs.push({
      jobId: prediction.id,
      state,
      providerStatus: status,
      started: status !== 'starting',
      progress: null,
    });
  }
  return { jobs, calls: pages };
}

const endedPredictionStatuses = new Set(['failed', 'canceled', 'aborted']);

interface ListedPrediction {
  id?: unknown;
  status?: unknown;
  model?: string | null;
  created_at?: string | null;
  input?: { prompt?: unknown } | null;
  urls?: { get?: unknown } | null;
}

/** The prediction id at the end of its `urls.get`. */
export function predictionId(operation: JSONValue): string | undefined {
  const url = (operation as { getUrl?: unknown } | null)?.getUrl;
  return typeof url === 'string' ? url.split('/').filter(Boolean).pop() : undefined;
}
