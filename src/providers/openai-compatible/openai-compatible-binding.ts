/**
 * Binds the OpenAI-compatible adapter (this folder) to the provider port (../provider-port.ts): error and
 * status mapping into reelgate's vocabulary, content streaming, webhooks.
 */
import type { JSONValue } from '@ai-sdk/provider';
import { retryAfterFromHeaders } from '../../core/backoff.ts';
import { ReelgateError } from '../../core/errors.ts';
import {
  type OpenAICompatibleProvider,
  type OpenAICompatibleStatusMetadata,
  OpenAICompatibleVideoError,
  VideoContentPolicyError,
} from './index.ts';
import { jobLostError, withGenerationContext } from '../job-lost.ts';
import { MAX_LIST_PAGES, matchesAttributes, windowStartMs } from '../lost-jobs.ts';
import type {
  FoundJob,
  JobStatusListing,
  ListedJobStatus,
  LostJobQuery,
  ProviderBinding,
  StatusInfo,
  StatusResult,
  VerifiedWebhook,
} from '../provider-port.ts';

export const refusalHints = {
  input:
    'Rephrase the prompt: no real people (including public figures), no graphic violence, no copyrighted characters or music; reference images must not show human faces.',
  output:
    'The generated video was refused by the provider; change the prompt so the result stays within its content policy.',
} as const;

export function openaiCompatibleBinding(
  provider: OpenAICompatibleProvider,
  options: {
    emulated: boolean;
    timeScale?: number;
    apiKey?: string;
    /** OpenAI does not document create deduplication; an emulator forced to dedup says so here. */
    deduplicatesStarts?: boolean;
  },
): ProviderBinding {
  const name = provider.providerName;
  const models = new Map<string, ReturnType<OpenAICompatibleProvider['video']>>();
  const model = (modelId: string) => {
    let found = models.get(modelId);
    if (!found) {
      found = provider.video(modelId);
      models.set(modelId, found);
    }
    return found;
  };
  const anyModel = () => model('sora-2');
  return {
    name,
    deduplicatesStarts: options.deduplicatesStarts ?? false,
    emulated: options.emulated,
    timeScale: options.timeScale ?? 1,
    webhooksConfigured: provider.webhooksConfigured,
    extraVariants: ['thumbnail', 'spritesheet'],
    credentialOrigin: new URL(provider.baseURL).origin,
    ...(options.apiKey ? { credentialHeaders: { authorization: `Bearer ${options.apiKey}` } } : {}),
    videoModel: model,
    jobIdOf(operation: JSONValue) {
      const id = (operation as { videoId?: unknown } | null)?.videoId;
      return typeof id === 'string' ? id : undefined;
    },
    remixOptions(parentOperation: JSONValue) {
      const id = (parentOperation as { videoId?: unknown } | null)?.videoId;
      return typeof id === 'string' ? { [name]: { remixVideoId: id } } : undefined;
    },
    openContent: (operation, variant, signal) =>
      anyModel().openContent(operation, variant, { abortSignal: signal }),
    deleteRemote: (operation) => anyModel().deleteRemote(operation),
    // OpenAI's create takes no reference of ours: match the listed videos by prompt, model, time.
    async findLostJobs(query: LostJobQuery, signal?: AbortSignal): Promise<FoundJob[]> {
      const { videos } = await model(query.modelId).listVideosSince(windowStartMs(query), {
        maxPages: MAX_LIST_PAGES,
        abortSignal: signal,
      });
      return videos
        .filter((video) => matchesAttributes(video, query))
        .map((video) => ({
          operation: { videoId: video.id, model: video.model, createdAt: video.createdAtMs },
          jobId: video.id,
          createdAtMs: video.createdAtMs,
          matchedBy: 'attributes' as const,
        }));
    },
    // The list shows each video's status and progress: status sweeps read it.
    listShowsProgress: true,
    async listJobStatuses(sinceMs, { maxPages, startAfterJobId, signal }): Promise<JobStatusListing> {
      const { videos, pages } = await anyModel().listVideosSince(sinceMs, {
        maxPages,
        after: startAfterJobId,
        abortSignal: signal,
      });
      return {
        calls: pages,
        jobs: videos.map((video) => ({
          jobId: video.id,
          state: listedState(video.status),
          providerStatus: video.status,
          started: video.status !== 'queued',
          progress: video.progress === null ? null : Math.max(0, Math.min(100, video.progress)),
          ...(video.result.status === 'completed' ? { result: video.result } : {}),
        })),
      };
    },
    async verifyWebhook(rawBody: string, headers: Headers): Promise<VerifiedWebhook> {
      try {
        const event = await provider.verifyWebhook(rawBody, headers);
        const handled = event.type === 'video.completed' || event.type === 'video.failed';
        return {
          eventId: event.id || headers.get('webhook-id') || '',
          type: event.type,
          jobId: handled ? event.videoId : undefined,
        };
      } catch (error) {
        throw new ReelgateError({
          code: 'unauthorized',
          message: error instanceof Error ? error.message : 'Webhook signature rejected.',
          cause: error,
        });
      }
    },
    classifyError: (error, nowMs, context) =>
      withGenerationContext(classifyOpenAIError(error, nowMs, name), context),
    statusInfo: (result) => statusInfo(name, result),
  };
}

export function classifyOpenAIError(
  error: unknown,
  nowMs: number,
  providerName = 'The provider',
): ReelgateError {
  if (error instanceof ReelgateError) return error;
  if (error instanceof VideoContentPolicyError) {
    return new ReelgateError({
      code: error.stage === 'output' ? 'output_refused' : 'input_refused',
      message: error.message,
      hint: refusalHints[error.stage],
      cause: error,
      details: { providerCode: error.providerCode ?? null },
    });
  }
  if (error instanceof OpenAICompatibleVideoError) {
    const retryAfterMs = retryAfterFromHeaders(error.responseHeaders, nowMs);
    const common = {
      message: error.message,
      cause: error,
      ...(retryAfterMs !== undefined ? { retryAfterSeconds: retryAfterMs / 1000 } : {}),
      details: {
        providerStatus: error.statusCode ?? null,
        providerCode: error.providerCode ?? null,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
    };
    switch (error.kind) {
      case 'rate_limited':
        return new ReelgateError({ ...common, code: 'provider_rate_limited' });
      case 'invalid_request':
        return new ReelgateError({ ...common, code: 'invalid_request', param: error.param ?? null });
      case 'authentication':
        return new ReelgateError({ ...common, code: 'provider_outage', retryable: false });
      case 'not_found':
        return new ReelgateError({ ...common, code: 'provider_outage', retryable: false });
      case 'job_not_found':
        return jobLostError({
          provider: providerName,
          jobId: error.jobId,
          detail: error.message,
          providerCode: error.providerCode ?? '404',
          cause: error,
        });
      case 'result_expired':
        return new ReelgateError({ ...common, code: 'result_expired', retryable: false });
      case 'truncated_download':
        return new ReelgateError({ ...common, code: 'download_failed' });
      case 'content_policy':
        return new ReelgateError({ ...common, code: 'input_refused', hint: refusalHints.input });
      default:
        return new ReelgateError({ ...common, code: 'provider_outage', retryable: error.isRetryable });
    }
  }
  return new ReelgateError({
    code: 'provider_outage',
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

/**
 * A listed video's status in sweep terms. An unknown status counts as still running, as a status
 * check reads it (otherwise every sweep would make it due and check it again).
 */
function listedState(status: string): ListedJobStatus['state'] {
  if (status === 'completed') return 'completed';
  return endedVideoStatuses.has(status) ? 'failed' : 'pending';
}

const endedVideoStatuses = new Set(['failed', 'cancelled', 'canceled', 'expired']);

function statusInfo(providerName: string, result: StatusResult): StatusInfo {
  const metadata = (result.providerMetadata?.[providerName] ?? {}) as Partial<OpenAICompatibleStatusMetadata>;
  const providerStatus = typeof metadata.status === 'string' ? metadata.status : result.status;
  const info: StatusInfo = {
    providerStatus,
    progress: typeof metadata.progress === 'number' ? Math.max(0, Math.min(100, metadata.progress)) : null,
    queuePosition: null,
    started: providerStatus !== 'queued',
    resultExpiresAtMs: typeof metadata.expiresAtMs === 'number' ? metadata.expiresAtMs : null,
    completedAtMs: typeof metadata.completedAtMs === 'number' ? metadata.completedAtMs : null,
    ...(metadata.unknownStatus ? { unknownStatus: true } : {}),
  };
  if (result.status === 'error') {
    const providerCode = metadata.errorCode ?? null;
    if (metadata.errorKind === 'content_policy') {
      const stage = metadata.errorStage === 'output' ? 'output' : 'input';
      info.failure = new ReelgateError({
        code: stage === 'output' ? 'output_refused' : 'input_refused',
        message: result.error,
        hint: refusalHints[stage],
        details: { providerCode },
      });
    } else if (metadata.errorKind === 'expired') {
      info.failure = new ReelgateError({ code: 'result_expired', message: result.error, retryable: false });
    } else if (metadata.errorKind === 'canceled') {
      info.failure = new ReelgateError({ code: 'canceled', message: result.error });
    } else {
      info.failure = new ReelgateError({
        code: 'provider_outage',
        message: result.error,
        retryable: metadata.retryable ?? true,
        details: { providerCode },
      });
    }
  }
  return info;
}
