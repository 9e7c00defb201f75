/**
 * A `VideoModelV4` for the OpenAI Videos API and compatible endpoints, built on the official
 * `openai` client (`videos.create / retrieve / downloadContent / delete`).
 *
 * - `doStart` sends one create (with the caller's `Idempotency-Key` header, so a retried start
 *   returns the same job) and returns the operation `{videoId}`.
 * - `doStatus` maps `queued`/`in_progress` to `pending` (progress in providerMetadata),
 *   `completed` to a content URL, `failed` to `error` (content-policy refusals flagged as such);
 *   unknown statuses become `pending` with a warning, never a crash.
 * - `openContent` streams a result variant with the API key (the content endpoint needs it), so
 *   callers need no public URL.
 */
import type {
  JSONValue,
  SharedV4Warning,
  Experimental_VideoModelV4 as VideoModelV4,
  Experimental_VideoModelV4CallOptions as VideoModelV4CallOptions,
  Experimental_VideoModelV4OperationStartResult as VideoModelV4OperationStartResult,
  Experimental_VideoModelV4OperationStatusResult as VideoModelV4OperationStatusResult,
} from '@ai-sdk/provider';
import { toFile } from 'openai';
import type { OpenAICompatibleConfig } from './openai-compatible-config.ts';
import {
  isModerationCode,
  mapOpenAIError,
  moderationStage,
  OpenAICompatibleVideoError,
} from './openai-compatible-errors.ts';
import {
  type OpenAICompatibleOperation,
  openaiCompatibleOperationSchema,
  openaiCompatibleVideoOptionsSchema,
} from './openai-compatible-video-options.ts';

export type ContentVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface OpenedContent {
  body: ReadableStream<Uint8Array>;
  /** From Content-Length, when the provider sent it. */
  bytes: number | undefined;
  contentType: string;
}

/** One video of `GET /videos`. */
export interface ListedVideo {
  id: string;
  model: string;
  prompt: string | null;
  createdAtMs: number;
  /** The provider's raw status string. */
  status: string;
  progress: number | null;
  /** What `doStatus` would answer for this video now. */
  result: VideoModelV4OperationStatusResult;
}

/** A video object as the provider's API returns it. */
type ProviderVideo = Awaited<ReturnType<OpenAICompatibleConfig['client']['videos']['retrieve']>>;

/** Metadata under `providerMetadata[provider]` of every status result. */
export interface OpenAICompatibleStatusMetadata {
  videoId: string;
  /** The provider's raw status string. */
  status: string;
  progress: number | null;
  /** Unix ms when the provider's result link expires, if it says. */
  expiresAtMs: number | null;
  completedAtMs: number | null;
  /** Set when the job failed. */
  errorCode?: string;
  errorKind?: 'content_policy' | 'generation_failed' | 'canceled' | 'expired';
  errorStage?: 'input' | 'output';
  retryable?: boolean;
  /** True when the status string was not one we know (mapped to pending). */
  unknownStatus?: boolean;
  [key: string]: JSONValue | undefined;
}

const knownPending = new Set(['queued', 'in_progress', 'pending', 'processing', 'running', 'preprocessing']);

export class OpenAICompatibleVideoModel implements VideoModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly modelId: string;
  readonly maxVideosPerCall = 1;
  readonly #config: OpenAICompatibleConfig;

  constructor(modelId: string, config: OpenAICompatibleConfig) {
    this.modelId = modelId;
    this.#config = config;
  }

  get provider(): string {
    return this.#config.provider;
  }

  async doStart(
    options: VideoModelV4CallOptions & { webhookUrl?: string },
  ): Promise<VideoModelV4OperationStartResult> {
    const warnings: SharedV4Warning[] = [];
    const raw = options.providerOptions?.[this.#config.provider] ?? options.providerOptions?.openai ?? {};
    const parsed = openaiCompatibleVideoOptionsSchema.safeParse(raw);
    if (!parsed.success) {
      throw new OpenAICompatibleVideoError({
        kind: 'invalid_request',
        message: `Invalid provider options: ${parsed.error.message}`,
        isRetryable: false,
      });
    }
    const extra = parsed.data;
    if (options.n > 1) warnings.push({ type: 'unsupported', feature: 'n', details: 'One video per call.' });
    if (options.fps !== undefined) warnings.push({ type: 'unsupported', feature: 'fps' });
    if (options.seed !== undefined) warnings.push({ type: 'unsupported', feature: 'seed' });
    if (options.aspectRatio !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'aspectRatio',
        details: 'Use resolution (size) instead.',
      });
    }
    if (options.generateAudio === false) {
      warnings.push({ type: 'unsupported', feature: 'generateAudio', details: 'Audio is always generated.' });
    }
    const headers = cleanHeaders(options.headers);
    const requestOptions = { headers, ...(options.abortSignal ? { signal: options.abortSignal } : {}) };
    const prompt = options.prompt ?? '';
    const size = extra.size ?? options.resolution;
    const seconds = extra.seconds ?? (options.duration === undefined ? undefined : String(options.duration));
    try {
      let video: { id: string; model: string; created_at: number };
      if (extra.remixVideoId) {
        video = await this.#config.client.videos.remix(extra.remixVideoId, { prompt }, requestOptions);
      } else {
        const inputReference = await this.#inputReference(options, extra.inputReference);
        video = await this.#config.client.videos.create(
          {
            prompt,
            model: this.modelId,
            ...(size ? { size: size as never } : {}),
            ...(seconds ? { seconds: seconds as never } : {}),
            ...(inputReference ? { input_reference: inputReference } : {}),
          },
          requestOptions,
        );
      }
      const operation: OpenAICompatibleOperation = {
        videoId: video.id,
        model: video.model,
        createdAt: video.created_at * 1000,
      };
      return {
        operation,
        warnings,
        providerMetadata: { [this.#config.provider]: { videoId: video.id } },
        response: { timestamp: new Date(), modelId: this.modelId, headers: undefined },
      };
    } catch (error) {
      throw mapOpenAIError(error);
    }
  }

  async #inputReference(
    options: VideoModelV4CallOptions,
    reference: { fileId: string } | { imageUrl: string } | undefined,
  ): Promise<unknown> {
    if (reference && 'fileId' in reference) return { file_id: reference.fileId };
    if (reference && 'imageUrl' in reference) return { image_url: reference.imageUrl };
    const image = options.image;
    if (!image) return undefined;
    if (image.type === 'url') return { image_url: image.url };
    const bytes = typeof image.data === 'string' ? Buffer.from(image.data, 'base64') : image.data;
    const extension = image.mediaType.split('/')[1] ?? 'png';
    return toFile(bytes, `reference.${extension}`, { type: image.mediaType });
  }

  async doStatus(options: {
    operation: JSONValue;
    abortSignal?: AbortSignal;
    headers?: Record<string, string | undefined>;
  }): Promise<VideoModelV4OperationStatusResult> {
    const operation = parseOperation(options.operation);
    let video: ProviderVideo;
    try {
      video = await this.#config.client.videos.retrieve(operation.videoId, {
        headers: cleanHeaders(options.headers),
        ...(options.abortSignal ? { signal: options.abortSignal } : {}),
      });
    } catch (error) {
      const mapped = mapOpenAIError(error);
      if (mapped.kind !== 'not_found') throw mapped;
      // The job this operation names is gone at the provider: not an outage, and not retryable.
      throw new OpenAICompatibleVideoError({
        kind: 'job_not_found',
        message: `404 ${mapped.message}`,
        jobId: operation.videoId,
        isRetryable: false,
        statusCode: 404,
        providerCode: mapped.providerCode,
        cause: error,
      });
    }
    return this.#statusResultOf(video);
  }

  /** A video object (as retrieved or listed) in the AI SDK's status terms. */
  #statusResultOf(video: ProviderVideo): VideoModelV4OperationStatusResult {
    const response = { timestamp: new Date(), modelId: this.modelId, headers: undefined };
    const status = String(video.status);
    const metadata: OpenAICompatibleStatusMetadata = {
      videoId: video.id,
      status,
      progress: typeof video.progress === 'number' ? video.progress : null,
      expiresAtMs: typeof video.expires_at === 'number' ? video.expires_at * 1000 : null,
      completedAtMs: typeof video.completed_at === 'number' ? video.completed_at * 1000 : null,
    };
    const providerMetadata = { [this.#config.provider]: metadata };
    if (status === 'completed') {
      return {
        status: 'completed',
        videos: [{ type: 'url', url: this.contentUrl(video.id, 'video'), mediaType: 'video/mp4' }],
        warnings: [],
        providerMetadata,
        response,
      };
    }
    if (status === 'failed') {
      const code = video.error?.code;
      const message = video.error?.message || 'The provider reported the generation as failed.';
      if (code) metadata.errorCode = code;
      if (isModerationCode(code)) {
        metadata.errorKind = 'content_policy';
        metadata.errorStage = moderationStage(code);
        metadata.retryable = false;
      } else {
        metadata.errorKind = 'generation_failed';
        metadata.retryable = true;
      }
      return { status: 'error', error: message, providerMetadata, response };
    }
    if (status === 'cancelled' || status === 'canceled' || status === 'expired') {
      metadata.errorKind = status === 'expired' ? 'expired' : 'canceled';
      metadata.retryable = false;
      return {
        status: 'error',
        error: `The provider reports the job as ${status}.`,
        providerMetadata,
        response,
      };
    }
    if (!knownPending.has(status)) {
      // Safe default: keep tracking (the engine's deadline bounds it), and say so.
      metadata.unknownStatus = true;
      this.#config.onWarning('unknown video status mapped to pending', { videoId: video.id, status });
    }
    return {
      status: 'pending',
      warnings: metadata.unknownStatus
        ? [{ type: 'other', message: `Unknown provider status '${status}'.` }]
        : [],
      providerMetadata,
      response,
    };
  }

  /** The content endpoint of a video (needs the API key: use `openContent` to fetch it). */
  contentUrl(videoId: string, variant: ContentVariant): string {
    return `${this.#config.baseURL}/videos/${encodeURIComponent(videoId)}/content?variant=${variant}`;
  }

  /** Streams one variant of a finished job's result. */
  async openContent(
    operation: JSONValue,
    variant: ContentVariant,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<OpenedContent> {
    const { videoId } = parseOperation(operation);
    let response: Response;
    try {
      response = await this.#config.client.videos.downloadContent(
        videoId,
        { variant },
        options.abortSignal ? { signal: options.abortSignal } : {},
      );
    } catch (error) {
      const mapped = mapOpenAIError(error);
      // The content endpoint answers 404 once a result's link has expired.
      if (mapped.kind === 'not_found') {
        throw new OpenAICompatibleVideoError({
          kind: 'result_expired',
          message: `The provider no longer has the ${variant} of ${videoId}: ${mapped.message}`,
          isRetryable: false,
          statusCode: mapped.statusCode,
          cause: error,
        });
      }
      throw mapped;
    }
    if (!response.body) {
      throw new OpenAICompatibleVideoError({
        kind: 'network',
        message: 'Empty content response.',
        isRetryable: true,
      });
    }
    const length = response.headers.get('content-length');
    const bytes = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || defaultType(variant);
    return { body: response.body, bytes, contentType };
  }

  /**
   * The videos the provider lists (`GET /videos`, newest first) created at or after `sinceMs`,
   * reading at most `maxPages` pages of 100 (from the one after `after`, when given); `pages`
   * says how many list requests were made.
   */
  async listVideosSince(
    sinceMs: number,
    options: { maxPages: number; after?: string | undefined; abortSignal?: AbortSignal | undefined },
  ): Promise<{ videos: ListedVideo[]; pages: number }> {
    const videos: ListedVideo[] = [];
    let after: string | undefined = options.after;
    let pages = 0;
    while (pages < options.maxPages) {
      let listed: Awaited<ReturnType<OpenAICompatibleConfig['client']['videos']['list']>>;
      pages += 1;
      try {
        listed = await this.#config.client.videos.list(
          { order: 'desc', limit: 100, ...(after ? { after } : {}) },
          options.abortSignal ? { signal: options.abortSignal } : undefined,
        );
      } catch (error) {
        throw mapOpenAIError(error);
      }
      for (const video of listed.data) {
        const createdAtMs = video.created_at * 1000;
        if (createdAtMs < sinceMs) return { videos, pages };
        const prompt = (video as { prompt?: unknown }).prompt;
        videos.push({
          id: video.id,
          model: String(video.model),
          prompt: typeof prompt === 'string' ? prompt : null,
          createdAtMs,
          status: String(video.status),
          progress: typeof video.progress === 'number' ? video.progress : null,
          // The list shows the same video object a retrieve does: the same status result.
          result: this.#statusResultOf(video),
        });
      }
      if (!listed.has_more || listed.data.length === 0) break;
      after = listed.data[listed.data.length - 1]!.id;
    }
    return { videos, pages };
  }

  /** Deletes the provider's copy (best effort cleanup after ours is stored). */
  async deleteRemote(operation: JSONValue): Promise<void> {
    const { videoId } = parseOperation(operation);
    try {
      await this.#config.client.videos.delete(videoId);
    } catch (error) {
      const mapped = mapOpenAIError(error);
      if (mapped.kind !== 'not_found') throw mapped;
    }
  }
}

function defaultType(variant: ContentVariant): string {
  return variant === 'video' ? 'video/mp4' : variant === 'thumbnail' ? 'image/webp' : 'image/jpeg';
}

function parseOperation(operation: JSONValue): OpenAICompatibleOperation {
  const parsed = openaiCompatibleOperationSchema.safeParse(operation);
  if (!parsed.success) {
    throw new OpenAICompatibleVideoError({
      kind: 'invalid_request',
      message: 'Not an OpenAI-compatible video operation.',
      isRetryable: false,
    });
  }
  return parsed.data;
}

function cleanHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) clean[name] = value;
  return clean;
}
