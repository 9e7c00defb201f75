/**
 * The generation record and the service contract between the engine (worker, db, storage,
 * providers) and the entry points (HTTP API, CLI, studio). Types only: no I/O.
 */
import type { AssetUse } from './assets.ts';
import type { FallbackAttempt } from './fallback-policy.ts';
import type { RequestedExtras, StoredRequestOptions } from './request-options.ts';
import type { CostEstimate } from './cost-estimate.ts';
import type { ErrorCode } from './errors.ts';
import type { PlanView, SegmentView } from './segmented-video.ts';

/** Internal lifecycle states of one generation (the engine's state machine). */
export type GenerationState =
  | 'accepted' // row written, nothing sent to a provider yet
  | 'submitted' // start sent (or being sent) to the provider, operation maybe not yet known
  | 'running' // provider accepted the job; we track it
  | 'downloading' // provider finished; we are copying the result
  | 'stored' // our copy is on storage, row not yet finalised
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'expired';

export const finalStates: ReadonlySet<GenerationState> = new Set([
  'completed',
  'failed',
  'canceled',
  'expired',
]);

/** The one status vocabulary shown to apps, whatever the provider. */
export type PublicStatus =
  | 'queued'
  | 'running'
  | 'downloading'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'expired';

export type Resolution = '480p' | '720p' | '1080p';

export interface GenerationError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** What to change for the next attempt (refusals especially). */
  hint?: string;
}

export interface StoredFile {
  /** Storage key (derived by reelgate, never taken from input). */
  key: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

/** A generation as the engine keeps it and the API presents it. */
export interface Generation {
  id: string;
  accountId: string;
  state: GenerationState;
  status: PublicStatus;
  /** The model as routed: `provider:model-id`. */
  model: string;
  provider: string;
  /** What the caller asked for, verbatim (the model name, resolution, size, duration...). */
  requested: {
    model: string | null;
    resolution: Resolution | null;
    size: string | null;
    durationSeconds: number | null;
    /** The surface that created it: seed contract, OpenAI videos surface, storyboard, CLI. */
    surface: 'generations' | 'videos' | 'storyboard';
  };
  prompt: string;
  /** What the provider is actually asked for. */
  size: string; // "1280x720"
  resolution: Resolution;
  durationSeconds: number;
  /** Adjustments made to fit the model (never silent). */
  warnings: string[];
  progress: number; // 0..100
  /** Queue position when the provider reports one. */
  queuePosition: number | null;
  /** Estimated finish time, Unix ms, when known. */
  etaMs: number | null;
  error: GenerationError | null;
  costUsd: number | null;
  video: StoredFile | null;
  thumbnail: StoredFile | null;
  /** Source generation for remixes/extensions. */
  parentId: string | null;
  createdAt: number; // Unix ms
  updatedAt: number;
  completedAt: number | null;
  /** True when the provider behind this generation is reelgate's built-in emulator. */
  emulated: boolean;
  /** Segmented videos (long requests, storyboards): the stored plan and each segment's state. */
  plan?: PlanView | undefined;
  segments?: SegmentView[] | undefined;
  /** The cost estimate made before submission (from the catalog's prices). */
  estimate?: CostEstimate | undefined;
  /** Request options sent to the provider (seed, audio, fps, negative prompt, provider options). */
  options?: StoredRequestOptions | undefined;
  /** Models tried before the current one, when the request named a fallback list. */
  fallbackAttempts?: FallbackAttempt[] | undefined;
  /** Assets sent as reference images (per shot for storyboards); absent when none. */
  assets?: AssetUse[] | undefined;
}

export interface CreateGenerationInput {
  prompt: string;
  model?: string | undefined;
  resolution?: Resolution | undefined;
  size?: string | undefined;
  durationSeconds?: number | undefined;
  /** Reference image for image-to-video (first frame). */
  image?: { data: Uint8Array; mediaType: string } | { url: string } | undefined;
  parentId?: string | undefined;
  surface: Generation['requested']['surface'];
  /** Seed, audio, aspect ratio, fps, negative prompt, provider options (src/core/request-options.ts). */
  options?: RequestedExtras | undefined;
  /** An ordered fallback list of models (src/core/fallback-policy.ts); `model` is then ignored. */
  models?: readonly string[] | undefined;
  /** Asset ids (`asset_...`) sent as reference images where the model takes them (src/core/assets.ts). */
  assets?: readonly string[] | undefined;
  /** Fall back to the next model after a content refusal too. */
  fallbackOnRefusal?: boolean | undefined;
  /**
   * How a prompt refused by the pre-flight policy is reported: `error` (default) throws the
   * 400 `input_refused`; `failed-generation` records a generation that ended `failed` with that
   * error and hint, for clients that wait for `status: "failed"` (the compatible surfaces).
   */
  refusals?: 'error' | 'failed-generation' | undefined;
}

export interface ListGenerationsQuery {
  after?: string | undefined;
  limit?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
  status?: PublicStatus | undefined;
  model?: string | undefined;
}

export interface GenerationPage {
  data: Generation[];
  hasMore: boolean;
}

/** Events emitted as generations move; the SSE streams, logs and metrics subscribe to these. */
export type GenerationEventType =
  | 'generation:accepted'
  | 'generation:submitted'
  | 'generation:progress'
  | 'generation:downloading'
  | 'generation:completed'
  | 'generation:failed'
  | 'generation:canceled'
  | 'generation:expired'
  | 'generation:deleted';

export interface GenerationEvent {
  type: GenerationEventType;
  generation: Generation;
  at: number;
}

export type VideoVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface OpenedFile {
  body: ReadableStream<Uint8Array>;
  bytes: number;
  contentType: string;
  /** Inclusive byte range served, when a range was requested. */
  range?: { start: number; end: number };
}

/** What the HTTP API, CLI and studio need from the engine. Account scoping is enforced inside. */
export interface GenerationService {
  create(accountId: string, input: CreateGenerationInput): Promise<Generation>;
  get(accountId: string, id: string): Promise<Generation | undefined>;
  list(accountId: string, query: ListGenerationsQuery): Promise<GenerationPage>;
  cancel(accountId: string, id: string): Promise<Generation>;
  /** Idempotent: deleting an unknown or already deleted id resolves to false. */
  delete(accountId: string, id: string): Promise<boolean>;
  openFile(
    accountId: string,
    id: string,
    variant: VideoVariant,
    range?: { start: number; end?: number },
  ): Promise<OpenedFile>;
  /**
   * A direct, time-limited URL of a stored file when the store hands them out (S3 with presigned
   * delivery); undefined: the gateway serves the bytes itself. Optional.
   */
  fileUrl?(accountId: string, id: string, variant: VideoVariant): Promise<string | undefined>;
  /** Subscribe to events; returns the unsubscribe function. */
  subscribe(
    filter: { accountId: string; generationId?: string },
    listener: (event: GenerationEvent) => void,
  ): () => void;
}
