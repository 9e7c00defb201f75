/**
 * OpenRouter video through `@openrouter/ai-sdk-provider` (3.1.0). Its `videoModel` implements
 * only `doGenerate` (submit, then poll inside the call), so reelgate adapts it behind
 * `doStart`/`doStatus` (ai-sdk-common/start-only-adapter.ts): the package builds and sends the
 * `POST /videos`, reelgate reads `GET /videos/{id}` itself. `unsigned_urls` need the API key,
 * sent only to the API's own origin. With OPENROUTER_WEBHOOK_SECRET (the workspace's signing
 * secret) and REELGATE_PUBLIC_URL, jobs carry a `callback_url` and deliveries are verified
 * (`X-OpenRouter-Signature: t=..,v1=HMAC-SHA256(secret, "t,body")`, 5-minute window).
 * OpenRouter documents no deduplication of submissions.
 *
 * @example
 * const binding = openrouterBinding({ apiKey: process.env.OPENROUTER_API_KEY! });
 * const model = binding.videoModel('google/veo-3.1-fast');
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type {
  Experimental_VideoModelV4OperationStatusResult as StatusResult,
  JSONValue,
} from '@ai-sdk/provider';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { ReelgateError } from '../../core/errors.ts';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { getJson, StartOnlyAdapter, startOnlyFetch } from '../ai-sdk-common/start-only-adapter.ts';
import { stringAt, taskFamily } from '../ai-sdk-common/task-family.ts';
import type { ProviderBinding, VerifiedWebhook } from '../provider-port.ts';
import { APICallError } from '@ai-sdk/provider';

export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
const SIGNATURE_TOLERANCE_SECONDS = 300;

export const openrouterFamily = taskFamily({
  name: 'openrouter',
  label: 'OpenRouter',
  read: (body) => ({
    status: stringAt(body, 'status'),
    errorCode: stringAt(body, 'error_code'),
    errorMessage: stringAt(body, 'error'),
  }),
  phases: {
    pending: 'queued',
    in_progress: 'running',
    completed: 'completed',
    failed: 'failed',
    dead: 'failed',
    cancelled: 'canceled',
    expired: 'expired',
  },
  resultLifetimeMs: null,
  failure(reading, fallback) {
    const detail = reading.errorMessage ?? fallback;
    if (reading.errorCode === 'content_filtered')
      return {
        code: 'output_refused',
        message: `OpenRouter's provider refused the video: ${detail}`,
        retryable: false,
        providerCode: reading.errorCode,
      };
    return {
      code: 'provider_outage',
      message: `OpenRouter failed to generate the video: ${detail}`,
      retryable: true,
      providerCode: reading.errorCode ?? null,
    };
  },
  classifyThrown(error) {
    // Moderation refuses flagged input with 403 and `error.metadata.reasons`.
    if (APICallError.isInstance(error) && error.statusCode === 403) {
      const body = parse(error.responseBody);
      const reasons = (body as { error?: { metadata?: { reasons?: unknown } } } | undefined)?.error?.metadata
        ?.reasons;
      if (Array.isArray(reasons))
        return {
          code: 'input_refused',
          message: `OpenRouter's moderation flagged the request: ${stringAt(body, 'error', 'message') ?? 'flagged'}`,
          retryable: false,
          providerCode: 'moderation',
        };
    }
    return undefined;
  },
});

function parse(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** `@openrouter/ai-sdk-provider` with `doStart`/`doStatus`. */
export function createOpenRouterAsync(settings: {
  apiKey: string;
  baseURL?: string | undefined;
  fetch?: typeof fetch;
  callbackUrl?: string | undefined;
}) {
  const baseURL = (settings.baseURL ?? OPENROUTER_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  const provider = createOpenRouter({ apiKey: settings.apiKey, baseURL, fetch: startOnlyFetch(fetchImpl) });
  const status = async (operation: JSONValue, signal: AbortSignal | undefined): Promise<StatusResult> => {
    const id = jobIdOf(operation) ?? '';
    const { body, headers } = await getJson(
      fetchImpl,
      `${baseURL}/videos/${encodeURIComponent(id)}`,
      { authorization: `Bearer ${settings.apiKey}` },
      signal,
    );
    const response = { timestamp: new Date(), modelId: stringAt(body, 'model') ?? '', headers };
    const state = stringAt(body, 'status');
    if (state === 'completed') {
      const urls = (body as { unsigned_urls?: unknown }).unsigned_urls;
      const url = Array.isArray(urls) && typeof urls[0] === 'string' ? urls[0] : undefined;
      if (!url)
        return { status: 'error', error: `OpenRouter job ${id} completed without a video URL.`, response };
      return {
        status: 'completed',
        videos: [{ type: 'url', url, mediaType: 'video/mp4' }],
        warnings: [],
        response,
      };
    }
    if (state === 'failed' || state === 'dead' || state === 'cancelled' || state === 'expired')
      return {
        status: 'error',
        error: `Video generation ${state}: ${stringAt(body, 'error') ?? state}`,
        response,
      };
    return { status: 'pending', response };
  };
  return {
    baseURL,
    video: (modelId: string) =>
      new StartOnlyAdapter(
        provider.videoModel(modelId, {
          pollIntervalMs: 1,
          ...(settings.callbackUrl ? { extraBody: { callback_url: settings.callbackUrl } } : {}),
        }),
        {
          operationOf: (body) => {
            const id = stringAt(body, 'id');
            return id ? { jobId: id, pollingUrl: stringAt(body, 'polling_url') ?? null } : undefined;
          },
          status,
        },
      ),
  };
}

const jobIdOf = jobIdField('jobId');

/** Verifies `X-OpenRouter-Signature` over the raw body (pure; `nowSeconds` injected). */
export function verifyOpenRouterSignature(
  rawBody: string,
  header: string | null,
  secret: string,
  nowSeconds: number,
): boolean {
  if (!header) return false;
  const fields = new Map(header.split(',').map((part) => part.trim().split('=') as [string, string]));
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !v1 || !/^\d+$/.test(t) || !/^[0-9a-f]{64}$/i.test(v1)) return false;
  if (Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t},${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

export interface OpenRouterSettings extends BindingRuntimeSettings {
  apiKey: string;
  baseURL?: string | undefined;
  webhookSecret?: string | undefined;
  webhookUrl?: string | undefined;
}

export function openrouterBinding(settings: OpenRouterSettings): ProviderBinding {
  const fetchImpl = capturingFetch(settings.fetch ?? globalThis.fetch);
  const provider = createOpenRouterAsync({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    fetch: fetchImpl,
    callbackUrl: settings.webhookSecret ? settings.webhookUrl : undefined,
  });
  const now = settings.now ?? Date.now;
  const secret = settings.webhookSecret;
  return adaptedBinding({
    name: 'openrouter',
    family: openrouterFamily,
    createModel: (modelId) => provider.video(modelId),
    jobIdOf,
    secrets: [settings.apiKey, ...(secret ? [secret] : [])],
    ...runtimeOptions(settings, { documentsDeduplication: false }),
    // unsigned_urls are the authenticated content proxy: the key goes to the API's origin only.
    credentialOrigin: new URL(provider.baseURL).origin,
    credentialHeaders: { authorization: `Bearer ${settings.apiKey}` },
    webhooksConfigured: secret !== undefined && settings.webhookUrl !== undefined,
    async verifyWebhook(rawBody: string, headers: Headers): Promise<VerifiedWebhook> {
      if (
        !secret ||
        !verifyOpenRouterSignature(
          rawBody,
          headers.get('x-openrouter-signature'),
          secret,
          Math.floor(now() / 1000),
        )
      )
        throw new ReelgateError({ code: 'unauthorized', message: 'OpenRouter webhook signature rejected.' });
      const event = parse(rawBody);
      const id = stringAt(event, 'data', 'id');
      const type = stringAt(event, 'type') ?? 'unknown';
      return { eventId: `${id ?? 'unknown'}-${stringAt(event, 'data', 'status') ?? type}`, type, jobId: id };
    },
  });
}
