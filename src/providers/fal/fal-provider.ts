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
import { ReelgateError } from '../../core/errors.ts';
import { MAX_LIST_PAGES, matchesAttributes, windowStartMs } from '../lost-jobs.ts';
import type { FoundJob, LostJobQuery, ProviderBinding } from '../provider-port.ts';
import { adaptedBinding, type BindingRuntimeSettings, runtimeOptions } from '../ai-sdk-common/binding.ts';
import { originRewriteFetch } from '../ai-sdk-common/origin-rewrite.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { falFamily } from './fal-family.ts';
import { FAL_JWKS_URL, falWebhookVerifier } from './fal-webhooks.ts';

export const FAL_QUEUE_ORIGIN = 'https://queue.fal.run';
export const FAL_DEFAULT_BASE_URL = 'https://fal.run';
/** fal's platform API (request history). */
export const FAL_API_ORIGIN = 'https://api.fal.ai';

export interface FalSettings extends BindingRuntimeSettings {
  apiKey: string;
  /** The package's `baseURL` (used by fal's non-queue calls). */
  baseURL?: string | undefined;
  /** Where https://queue.fal.run requests really go, e.g. http://127.0.0.1:4010/fal. */
  origin?: string | undefined;
  /** Sent as `fal_webhook` on every start when set. */
  webhookUrl?: string | undefined;
  /** fal's JWKS for verifying webhooks (default: `<origin>/.well-known/jwks.json` with an origin, else fal's). */
  jwksUrl?: string | undefined;
}

/** The fetch reelgate gives `@ai-sdk/fal`: origin rewrite (when set) plus response capture. */
export function falFetch(settings: Pick<FalSettings, 'origin' | 'fetch'>): typeof fetch {
  const base = settings.fetch ?? globalThis.fetch;
  const routed = settings.origin
    ? originRewriteFetch(
        {
          [FAL_QUEUE_ORIGIN]: settings.origin,
          [FAL_DEFAULT_BASE_URL]: settings.origin,
          [FAL_API_ORIGIN]: settings.origin,
        },
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
  const binding = adaptedBinding({
    name: 'fal',
    family: falFamily,
    createModel: (modelId) => provider.video(modelId) as unknown as VideoModelV4,
    jobIdOf: falRequestId,
    secrets: [settings.apiKey],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
    webhookUrl: settings.webhookUrl,
    webhooksConfigured: settings.webhookUrl !== undefined,
    verifyWebhook: falWebhookVerifier({
      jwksUrl:
        settings.jwksUrl ??
        (settings.origin ? `${settings.origin.replace(/\/+$/, '')}/.well-known/jwks.json` : FAL_JWKS_URL),
      fetch: settings.fetch ?? globalThis.fetch,
      now: settings.now ?? Date.now,
    }),
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
  const models = new Map<string, VideoModelV4>();
  return {
    ...binding,
    // fal's request history lists finished requests with their inputs: match by prompt and time.
    findLostJobs: (query, signal) =>
      findFalRequests(
        { apiKey: settings.apiKey, fetch: fetchImpl, webhookUrl: settings.webhookUrl },
        query,
        signal,
      ),
    videoModel(modelId: string) {
      let model = models.get(modelId);
      if (!model) {
        model = withQueueStatus(binding.videoModel(modelId), fetchImpl, settings.apiKey);
        models.set(modelId, model);
      }
      return model;
    },
  };
}

/**
 * The package only asks for the result, which answers "still in progress" whether the request
 * waits in fal's queue or runs. A pending answer is completed by one call to the queue's
 * status endpoint (`{status: "IN_QUEUE", queue_position}` / `IN_PROGRESS`), so the queue
 * position reaches the generation row. A failed status call only loses that detail.
 */
function withQueueStatus(model: VideoModelV4, fetchImpl: typeof fetch, apiKey: string): VideoModelV4 {
  const doStatus = model.doStatus?.bind(model);
  if (!doStatus) return model;
  const wrapped = Object.create(model) as VideoModelV4;
  // Methods reading private fields must keep the real model as `this`.
  if (model.doStart) wrapped.doStart = model.doStart.bind(model);
  wrapped.doStatus = async (options) => {
    const result = await doStatus(options);
    const responseUrl = (options.operation as { responseUrl?: unknown } | null)?.responseUrl;
    const normalized = result.providerMetadata?.reelgate as Record<string, unknown> | undefined;
    if (result.status !== 'pending' || typeof responseUrl !== 'string' || !normalized) return result;
    const queue = await falQueueStatus(fetchImpl, responseUrl, apiKey, options.abortSignal);
    if (!queue) return result;
    return {
      ...result,
      providerMetadata: {
        ...result.providerMetadata,
        reelgate: {
          ...normalized,
          providerStatus: queue.status,
          queuePosition: queue.queuePosition,
          started: queue.status !== 'IN_QUEUE',
          // Logged by the worker; the job still reads as pending.
          ...(queue.unknown ? { unknownStatus: true } : {}),
        },
      },
    };
  };
  return wrapped;
}

async function falQueueStatus(
  fetchImpl: typeof fetch,
  responseUrl: string,
  apiKey: string,
  signal: AbortSignal | undefined,
): Promise<{ status: string; queuePosition: number | null; unknown: boolean } | undefined> {
  try {
    const response = await fetchImpl(`${responseUrl}/status`, {
      headers: { authorization: `Key ${apiKey}` },
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const body = (await response.json()) as { status?: unknown; queue_position?: unknown };
    if (typeof body.status !== 'string' || body.status === 'COMPLETED') return undefined;
    const known = body.status === 'IN_QUEUE' || body.status === 'IN_PROGRESS';
    const position = body.queue_position;
    return {
      status: known ? body.status : body.status.slice(0, 64),
      queuePosition: known && typeof position === 'number' && position >= 0 ? Math.floor(position) : null,
      unknown: !known,
    };
  } catch {
    return undefined;
  }
}

/**
 * Pages through fal's request history for the model's endpoint (`expand=payloads` for the
 * inputs). fal documents no reference of ours on a request, and (as far as its docs say) lists
 * a request only once it has ended, so a job still queued or running is not found yet.
 */
async function findFalRequests(
  api: { apiKey: string; fetch: typeof fetch; webhookUrl: string | undefined },
  query: LostJobQuery,
  signal: AbortSignal | undefined,
): Promise<FoundJob[]> {
  // The package submits to `fal-ai/<model id without its fal-ai/ or fal/ prefix>`.
  const endpoint = `fal-ai/${query.modelId.replace(/^fal-ai\//, '').replace(/^fal\//, '')}`;
  const app = endpoint.split('/').slice(0, 2).join('/');
  const submitUrl = `${FAL_QUEUE_ORIGIN}/${endpoint}${api.webhookUrl ? `?fal_webhook=${encodeURIComponent(api.webhookUrl)}` : ''}`;
  const found: FoundJob[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const url = new URL(`${FAL_API_ORIGIN}/v1/models/requests/by-endpoint`);
    url.searchParams.set('endpoint_id', endpoint);
    url.searchParams.set('start', new Date(windowStartMs(query)).toISOString());
    url.searchParams.set('expand', 'payloads');
    url.searchParams.set('limit', '100');
    if (cursor) url.searchParams.set('cursor', cursor);
    const response = await api.fetch(url, {
      headers: { authorization: `Key ${api.apiKey}` },
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new ReelgateError({
        code: response.status === 429 ? 'provider_rate_limited' : 'provider_outage',
        message: `fal answered ${response.status} to listing requests of ${endpoint}.`,
      });
    }
    const body = (await response.json()) as { items?: unknown; next_cursor?: unknown; has_more?: unknown };
    for (const item of Array.isArray(body.items) ? (body.items as FalRequestItem[]) : []) {
      if (typeof item.request_id !== 'string') continue;
      const createdAtMs = Date.parse(item.sent_at ?? '');
      const prompt = item.json_input?.prompt;
      const listed = {
        prompt: typeof prompt === 'string' ? prompt : null,
        model: item.endpoint_id ?? null,
        createdAtMs,
      };
      if (!matchesAttributes(listed, { ...query, modelId: endpoint })) continue;
      found.push({
        operation: { responseUrl: `${FAL_QUEUE_ORIGIN}/${app}/requests/${item.request_id}`, submitUrl },
        jobId: item.request_id,
        createdAtMs,
        matchedBy: 'attributes',
      });
    }
    if (body.has_more !== true || typeof body.next_cursor !== 'string') break;
    cursor = body.next_cursor;
  }
  return found;
}

interface FalRequestItem {
  request_id?: unknown;
  endpoint_id?: string | null;
  sent_at?: string | null;
  json_input?: { prompt?: unknown } | null;
}

/** The request id at the end of fal's response URL. */
export function falRequestId(operation: JSONValue): string | undefined {
  const url = (operation as { responseUrl?: unknown } | null)?.responseUrl;
  return typeof url === 'string' ? url.split('/').filter(Boolean).pop() : undefined;
}
