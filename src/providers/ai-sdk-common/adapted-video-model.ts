/**
 * A `VideoModelV4` that wraps an @ai-sdk package's model: it adapts reelgate's call options to
 * the package, records the raw responses behind each call, and reports results and errors in
 * reelgate's vocabulary: status results carry `providerMetadata.reelgate` (a NormalizedStatus)
 * and thrown errors are ReelgateErrors with stable codes. Final failures the package throws
 * (Google's safety filter, an expired Replicate output) come back as `status: 'error'`.
 */
import type {
  Experimental_VideoModelV4 as VideoModelV4,
  Experimental_VideoModelV4OperationStartResult as StartResult,
  JSONObject,
  JSONValue,
} from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';
import type { ReelgateError } from '../../core/errors.ts';
import { jobLostError } from '../job-lost.ts';
import { redact, toReelgateError } from './classify.ts';
import type { CallOptions, NormalizedStatus, ProviderFamily, StatusResult } from './provider-family.ts';
import { CapturedError, withCapture } from './response-capture.ts';

const finalCodes = new Set(['input_refused', 'output_refused', 'result_expired', 'canceled']);

export interface AdaptedModelOptions {
  family: ProviderFamily;
  /** Secrets scrubbed from every message (the provider's API key). */
  secrets: readonly string[];
  now: () => number;
  /** Webhook URL sent with every start that has none (the provider calls it when the job ends). */
  webhookUrl?: string | undefined;
  /** The model to start image-to-video calls on, when the provider uses a separate endpoint. */
  imageModel?: (() => VideoModelV4) | undefined;
  /** Provider name for messages (`fal`), and how to read the job id from an operation. */
  providerName?: string | undefined;
  jobIdOf?: ((operation: JSONValue) => string | undefined) | undefined;
}

export class AdaptedVideoModel implements VideoModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly inner: VideoModelV4;
  readonly #options: AdaptedModelOptions;
  readonly handleWebhookOption?: NonNullable<VideoModelV4['handleWebhookOption']>;

  constructor(inner: VideoModelV4, options: AdaptedModelOptions) {
    this.inner = inner;
    this.#options = options;
    if (inner.handleWebhookOption) this.handleWebhookOption = inner.handleWebhookOption.bind(inner);
  }

  get provider(): string {
    return this.inner.provider;
  }

  get modelId(): string {
    return this.inner.modelId;
  }

  get maxVideosPerCall(): VideoModelV4['maxVideosPerCall'] {
    return this.inner.maxVideosPerCall;
  }

  async doStart(options: CallOptions & { webhookUrl?: string }): Promise<StartResult> {
    // fal and Replicate serve image-to-video on a sibling endpoint (`.../image-to-video`).
    const inner = options.image && this.#options.imageModel ? this.#options.imageModel() : this.inner;
    if (!inner.doStart) throw new Error(`${inner.provider} model ${inner.modelId} cannot start jobs`);
    const webhookUrl = options.webhookUrl ?? this.#options.webhookUrl;
    const adapted = {
      ...this.#options.family.adaptOptions(inner.modelId, options),
      ...(webhookUrl ? { webhookUrl } : {}),
    };
    try {
      const { value } = await withCapture(() => inner.doStart!(adapted));
      if (adapted.duration !== options.duration && adapted.duration !== undefined) {
        const message = `duration ${options.duration} s is not offered at this size by ${inner.modelId}; ${adapted.duration} s was requested instead.`;
        return { ...value, warnings: [...value.warnings, { type: 'other', message }] };
      }
      return value;
    } catch (error) {
      throw this.#error(error);
    }
  }

  async doStatus(options: {
    operation: JSONValue;
    headers?: Record<string, string | undefined>;
    abortSignal?: AbortSignal;
  }): Promise<StatusResult> {
    const inner = this.inner;
    if (!inner.doStatus) throw new Error(`${inner.provider} model ${inner.modelId} cannot report status`);
    const family = this.#options.family;
    try {
      const { value, scope } = await withCapture(() => inner.doStatus!(options as never));
      let result = value as StatusResult;
      if (result.status === 'completed' && family.sanitizeCompleted)
        result = family.sanitizeCompleted(result);
      const normalized = family.interpretStatus(result, scope.last, this.#options.now());
      // Some packages report a 404 for the job as an error result rather than throwing.
      if (
        result.status === 'error' &&
        scope.last?.status === 404 &&
        !finalCodes.has(normalized.failure?.code ?? '')
      ) {
        const lost = this.#jobLost(options.operation, normalized.failure?.message ?? result.error, undefined);
        normalized.failure = {
          code: lost.code,
          message: lost.message,
          retryable: false,
          providerCode: '404',
          providerJobId: this.#options.jobIdOf?.(options.operation) ?? null,
        };
      }
      if (normalized.failure)
        normalized.failure = { ...normalized.failure, message: this.#redact(normalized.failure.message) };
      const error = result.status === 'error' ? { error: this.#redact(result.error) } : {};
      return {
        ...result,
        ...error,
        providerMetadata: withNormalized(result.providerMetadata, normalized),
      } as StatusResult;
    } catch (thrown) {
      const original = thrown instanceof CapturedError ? thrown.original : thrown;
      const captured = thrown instanceof CapturedError ? thrown.scope.last : undefined;
      const info = family.classifyThrown(original, captured, this.#options.now());
      info.message = this.#redact(info.message);
      // Asked about a job we started, the provider answers that it does not exist.
      const notFound =
        captured?.status === 404 || (APICallError.isInstance(original) && original.statusCode === 404);
      if (notFound && !finalCodes.has(info.code))
        throw this.#jobLost(options.operation, info.message, original);
      if (!finalCodes.has(info.code)) throw toReelgateError(info, original);
      const normalized: NormalizedStatus = {
        providerStatus: info.code,
        progress: null,
        queuePosition: null,
        started: true,
        resultExpiresAtMs: null,
        completedAtMs: null,
        failure: info,
      };
      return {
        status: 'error',
        error: info.message,
        response: {
          timestamp: new Date(this.#options.now()),
          modelId: inner.modelId,
          headers: captured?.headers,
        },
        providerMetadata: withNormalized(undefined, normalized),
      };
    }
  }

  #jobLost(operation: JSONValue, detail: string, cause: unknown): ReelgateError {
    return jobLostError({
      provider: this.#options.providerName ?? this.inner.provider,
      jobId: this.#options.jobIdOf?.(operation),
      detail,
      providerCode: '404',
      cause,
    });
  }

  #error(thrown: unknown): ReelgateError {
    const original = thrown instanceof CapturedError ? thrown.original : thrown;
    const captured = thrown instanceof CapturedError ? thrown.scope.last : undefined;
    const info = this.#options.family.classifyThrown(original, captured, this.#options.now());
    info.message = this.#redact(info.message);
    return toReelgateError(info, original);
  }

  #redact(text: string): string {
    return redact(text, this.#options.secrets);
  }
}

function withNormalized(metadata: StatusResult['providerMetadata'], normalized: NormalizedStatus) {
  return { ...(metadata ?? {}), reelgate: JSON.parse(JSON.stringify(normalized)) as JSONObject };
}

/** The NormalizedStatus an AdaptedVideoModel attached to a status result, if any. */
export function normalizedStatusOf(result: StatusResult): NormalizedStatus | undefined {
  const value = result.providerMetadata?.reelgate as unknown as NormalizedStatus | undefined;
  return value && typeof value.providerStatus === 'string' ? value : undefined;
}
