/**
 * What the worker needs from a provider: the AI SDK's `VideoModelV4` for starts and status
 * checks, plus a few optional capabilities the interface lacks (streaming a result with the
 * provider's credentials, cancel, remote delete, webhook verification) and the mapping of the
 * provider's errors and statuses into reelgate's one vocabulary. One binding per provider
 * family lives under ./providers.
 */
import type {
  Experimental_VideoModelV4 as VideoModelV4,
  Experimental_VideoModelV4OperationStatusResult as VideoModelV4OperationStatusResult,
  JSONValue,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import type { ReelgateError } from '../core/errors.ts';
import type { ClassifyContext } from './job-lost.ts';

export type { ClassifyContext } from './job-lost.ts';

export type VideoModel = VideoModelV4;
export type StatusResult = VideoModelV4OperationStatusResult;
export type ContentVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface ProviderContent {
  body: ReadableStream<Uint8Array>;
  /** Announced length (Content-Length); the copy is refused when it differs. */
  bytes: number | undefined;
  contentType: string;
}

/** The provider's answer in reelgate's terms. */
export interface StatusInfo {
  /** The provider's raw status string, for logs and the row. */
  providerStatus: string;
  progress: number | null;
  queuePosition: number | null;
  /** True once the provider is working on it (not just queued). */
  started: boolean;
  /** When the provider's result link expires (Unix ms), if known. */
  resultExpiresAtMs: number | null;
  /** When the provider says the job completed (Unix ms), if known. */
  completedAtMs: number | null;
  /** Set for status 'error': the mapped failure. */
  failure?: ReelgateError;
  /** True when the status was unrecognised and mapped to a safe default. */
  unknownStatus?: boolean;
}

export interface VerifiedWebhook {
  /** Delivery id, for ignoring duplicates and replays. */
  eventId: string;
  type: string;
  /** The provider's job id the event is about; undefined for events we do not handle. */
  jobId: string | undefined;
}

/** What a finder knows about a start whose outcome is unknown (timeout, reset, 5xx, crash). */
export interface LostJobQuery {
  /** reelgate's generation id (the job's own reference where the provider can carry one). */
  generationId: string;
  /** The idempotency key the start was sent with (`rg-<id>`, `rg-<id>-job2`). */
  idempotencyKey: string;
  modelId: string;
  prompt: string;
  /** When the ambiguous create was sent (Unix ms). */
  sentAtMs: number;
  /** How far around `sentAtMs` a job's creation time may lie to match by attributes. */
  windowMs: number;
}

/** A job at the provider that a lost start may have made. */
export interface FoundJob {
  /** Exactly what the binding's model `doStart` returns, so `doStatus` can resume it. */
  operation: JSONValue;
  /** The provider's job id (as `jobIdOf(operation)` reads it). */
  jobId: string;
  /** When the provider says the job was created (Unix ms), if it says. */
  createdAtMs?: number;
  /** `reference`: the job carries our own reference; `attributes`: prompt, model and time match. */
  matchedBy: 'reference' | 'attributes';
}

/** One job as the provider's job list shows it (status sweeps, src/worker/status-sweep.ts). */
export interface ListedJobStatus {
  /** The provider's job id (as `jobIdOf(operation)` reads it). */
  jobId: string;
  state: 'pending' | 'completed' | 'failed';
  /** The provider's raw status string (as a status check would record it). */
  providerStatus: string;
  /** True once the provider is working on it (not just queued). */
  started: boolean;
  /** 0..100 when the list shows progress. */
  progress: number | null;
  /**
   * For a completed job whose list entry holds everything a status check returns: exactly what
   * the model's `doStatus` would answer, so the worker stores the video without asking again.
   */
  result?: StatusResult;
}

export interface JobStatusListing {
  jobs: ListedJobStatus[];
  /** List requests made (pages read). */
  calls: number;
}

export interface ProviderBinding {
  /** Provider name as stored on generations (`openai`). */
  readonly name: string;
  /** True when the provider documents that a re-sent create with the same idempotency key returns the same job. */
  readonly deduplicatesStarts: boolean;
  /** Finds jobs a lost/ambiguous start may have made, by the means the provider offers; undefined when it offers none. */
  findLostJobs?(query: LostJobQuery, signal?: AbortSignal): Promise<FoundJob[]>;
  /**
   * Lists the provider's jobs created at or after `sinceMs`, newest first, with their status, in
   * at most `maxPages` list requests; with `startAfterJobId`, only jobs older than that one (the
   * list's cursor). Undefined when the provider has no such list.
   */
  listJobStatuses?(
    sinceMs: number,
    options: { maxPages: number; startAfterJobId?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<JobStatusListing>;
  /** True when that list shows each running job's progress (sweeps can then sample it). */
  readonly listShowsProgress?: boolean;
  /** True when this provider is reelgate's built-in emulator. */
  readonly emulated: boolean;
  /** How much faster than real providers this one runs (the emulator's speed; 1 otherwise). */
  readonly timeScale: number;
  videoModel(modelId: string): VideoModel;
  /** The provider's job id inside an operation (for webhooks and logs). */
  jobIdOf(operation: JSONValue): string | undefined;
  /** Provider options for a remix of `parentOperation`, or undefined when unsupported. */
  remixOptions?(parentOperation: JSONValue): SharedV4ProviderOptions | undefined;
  /** Streams a finished result with the provider's credentials (instead of fetching a URL). */
  openContent?(operation: JSONValue, variant: ContentVariant, signal: AbortSignal): Promise<ProviderContent>;
  /** Variants besides the video worth keeping when offered. */
  readonly extraVariants: readonly ContentVariant[];
  /** Cancels the job at the provider, where supported. */
  cancel?(operation: JSONValue): Promise<void>;
  /** Deletes the provider's copy once ours is stored, where supported. */
  deleteRemote?(operation: JSONValue): Promise<void>;
  /** Verifies and parses a webhook delivery; throws a ReelgateError when the signature fails. */
  verifyWebhook?(rawBody: string, headers: Headers): Promise<VerifiedWebhook>;
  readonly webhooksConfigured: boolean;
  /**
   * Maps anything the model threw into a ReelgateError with the right code and retryability.
   * With `context.generationId`, a `provider_job_lost` error names the generation.
   */
  classifyError(error: unknown, nowMs: number, context?: ClassifyContext): ReelgateError;
  /**
   * Reads a status result's provider metadata into reelgate's terms. With
   * `context.generationId`, a `provider_job_lost` failure names the generation.
   */
  statusInfo(result: StatusResult, context?: ClassifyContext): StatusInfo;
  /** Origin whose URLs may receive the provider's credentials in a URL download. */
  readonly credentialOrigin?: string;
  readonly credentialHeaders?: Record<string, string>;
}
