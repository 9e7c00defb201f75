/**
 * Async video through the Vercel AI Gateway with `@ai-sdk/gateway` (`videoModel(id)` with
 * `doStart`/`doStatus`): many model families behind one key (AI_GATEWAY_API_KEY); `baseURL`
 * (AI_GATEWAY_BASE_URL) points it anywhere, e.g. the emulator's `<url>/gateway/v4/ai`.
 * The Gateway replays a start sent again with the same `idempotency-key` header, so re-sent
 * starts are safe. Its per-job webhooks are signed with a secret returned only by the start
 * call; reelgate relies on polling for them (the status endpoint is the source of truth).
 * Status (raw body): `providerMetadata.gateway.asyncJob.status` with the error's `type` and
 * `phase` telling refusals apart (those two field names are not confirmed).
 *
 * @example
 * const binding = gatewayBinding({ apiKey: process.env.AI_GATEWAY_API_KEY! });
 * const model = binding.videoModel('google/veo-3.1-fast-generate-001');
 */
import { createGateway } from '@ai-sdk/gateway';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import { stringAt, taskFamily } from '../ai-sdk-common/task-family.ts';
import type { ProviderBinding } from '../provider-port.ts';

export const GATEWAY_DEFAULT_BASE_URL = 'https://ai-gateway.vercel.sh/v4/ai';

export const gatewayFamily = taskFamily({
  name: 'gateway',
  label: 'AI Gateway',
  read: (body) => {
    const job = (path: string[]) => stringAt(body, 'providerMetadata', 'gateway', 'asyncJob', ...path);
    const type = job(['error', 'type']);
    const phase = job(['error', 'phase']);
    return {
      status: job(['status']) ?? stringAt(body, 'status'),
      errorCode: type ? (phase ? `${type}:${phase}` : type) : undefined,
      errorMessage: job(['error', 'message']) ?? stringAt(body, 'error'),
      expiresAtMs: Date.parse(job(['result', 'expiresAt']) ?? '') || null,
    };
  },
  phases: {
    queued: 'queued',
    pending: 'running',
    running: 'running',
    completed: 'completed',
    failed: 'failed',
    error: 'failed',
    cancelled: 'canceled',
  },
  resultLifetimeMs: 3600 * 1000,
  failure(reading, fallback) {
    const detail = reading.errorMessage ?? fallback;
    if (reading.errorCode === 'content_policy_violation:input')
      return {
        code: 'input_refused',
        message: `The AI Gateway's provider refused the request: ${detail}`,
        retryable: false,
        providerCode: reading.errorCode,
      };
    if (reading.errorCode?.startsWith('content_policy_violation'))
      return {
        code: 'output_refused',
        message: `The AI Gateway's provider refused the video: ${detail}`,
        retryable: false,
        providerCode: reading.errorCode,
      };
    return {
      code: 'provider_outage',
      message: `The AI Gateway failed to generate the video: ${detail}`,
      retryable: true,
      providerCode: reading.errorCode ?? null,
    };
  },
});

export interface GatewaySettings extends BindingRuntimeSettings {
  apiKey: string;
  baseURL?: string | undefined;
}

export function gatewayBinding(settings: GatewaySettings): ProviderBinding {
  const provider = createGateway({
    apiKey: settings.apiKey,
    baseURL: (settings.baseURL ?? GATEWAY_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    fetch: capturingFetch(settings.fetch ?? globalThis.fetch),
  });
  return adaptedBinding({
    name: 'gateway',
    family: gatewayFamily,
    createModel: (modelId) => provider.videoModel(modelId) as unknown as VideoModelV4,
    jobIdOf: jobIdField('jobId'),
    secrets: [settings.apiKey],
    // Documented: a start re-sent with the same idempotency-key returns the first job.
    ...runtimeOptions(settings, { documentsDeduplication: true }),
  });
}
