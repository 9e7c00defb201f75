/**
 * `createOpenAICompatible(settings)`: the provider factory, in the shape of the AI SDK's
 * provider packages (`provider.video(modelId)`), plus webhook verification.
 *
 * @example
 * const openai = createOpenAICompatible({ apiKey: 'sk-...', baseURL: 'http://127.0.0.1:4010/v1' });
 * const model = openai.video('sora-2');
 * const { operation } = await model.doStart({ prompt: 'a cat', n: 1, ... });
 */
import OpenAI from 'openai';
import type { OpenAICompatibleConfig } from './openai-compatible-config.ts';
import { OpenAICompatibleVideoError } from './openai-compatible-errors.ts';
import { OpenAICompatibleVideoModel } from './openai-compatible-video-model.ts';

export interface OpenAICompatibleSettings {
  apiKey: string;
  /** Default https://api.openai.com/v1. */
  baseURL?: string | undefined;
  /** Provider name (default "openai"). */
  name?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** `whsec_...` secret for verifying the provider's webhooks. */
  webhookSecret?: string | undefined;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number | undefined;
  onWarning?: ((message: string, details: Record<string, unknown>) => void) | undefined;
}

/** A verified webhook event: `video.completed` / `video.failed` name the job in `data.id`. */
export interface OpenAICompatibleWebhookEvent {
  id: string;
  type: string;
  createdAt: number | undefined;
  videoId: string | undefined;
}

export interface OpenAICompatibleProvider {
  (modelId: string): OpenAICompatibleVideoModel;
  video(modelId: string): OpenAICompatibleVideoModel;
  readonly providerName: string;
  readonly baseURL: string;
  /** Verifies a webhook (Standard Webhooks signature, 5 minute tolerance) and parses it. */
  verifyWebhook(
    rawBody: string,
    headers: Headers | Record<string, string>,
  ): Promise<OpenAICompatibleWebhookEvent>;
  readonly webhooksConfigured: boolean;
}

export function createOpenAICompatible(settings: OpenAICompatibleSettings): OpenAICompatibleProvider {
  const baseURL = (settings.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL,
    // The engine owns retries (durable, in the database); the client must not retry behind it.
    maxRetries: 0,
    timeout: settings.timeoutMs ?? 60_000,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.webhookSecret ? { webhookSecret: settings.webhookSecret } : {}),
  });
  const config: OpenAICompatibleConfig = {
    provider: settings.name ?? 'openai',
    baseURL,
    client,
    onWarning: settings.onWarning ?? (() => {}),
  };
  const video = (modelId: string) => new OpenAICompatibleVideoModel(modelId, config);
  const provider = Object.assign((modelId: string) => video(modelId), {
    video,
    providerName: config.provider,
    baseURL,
    webhooksConfigured: Boolean(settings.webhookSecret),
    async verifyWebhook(rawBody: string, headers: Headers | Record<string, string>) {
      if (!settings.webhookSecret) {
        throw new OpenAICompatibleVideoError({
          kind: 'authentication',
          message: 'No webhook secret configured.',
          isRetryable: false,
        });
      }
      let event: { id?: unknown; type?: unknown; created_at?: unknown; data?: { id?: unknown } };
      try {
        event = (await client.webhooks.unwrap(rawBody, headers)) as unknown as typeof event;
      } catch (error) {
        throw new OpenAICompatibleVideoError({
          kind: 'authentication',
          message: `Webhook signature rejected: ${error instanceof Error ? error.message : String(error)}`,
          isRetryable: false,
          cause: error,
        });
      }
      return {
        id: typeof event.id === 'string' ? event.id : '',
        type: typeof event.type === 'string' ? event.type : '',
        createdAt: typeof event.created_at === 'number' ? event.created_at : undefined,
        videoId: typeof event.data?.id === 'string' ? event.data.id : undefined,
      };
    },
  });
  return provider as OpenAICompatibleProvider;
}
