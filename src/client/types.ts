/**
 * Types of reelgate's own API as the client returns them. Wire shapes come from the API contract
 * (src/contract, the schemas the server validates and documents with), so they cannot drift from
 * what the server sends; the parameter types are the client's camelCase inputs.
 */
import type { AccountResource, LocalSession as LocalSessionResource } from '../contract/accounts.ts';
import type { AssetResource } from '../contract/assets.ts';
import type { resolutionSchema } from '../contract/common.ts';
import type { FavoriteList as FavoriteListResource } from '../contract/favorites.ts';
import type {
  GenerationEventType as ContractEventType,
  GenerationResource,
  publicStatusSchema,
} from '../contract/generations.ts';
import type {
  ModelList as ModelListResource,
  ModelResource,
  OptionSupport as ContractOptionSupport,
} from '../contract/models.ts';
import type {
  buildRequestSchema,
  EstimateResponse,
  PromptBuildResponse,
  PromptLintResponse,
  UsageResponse,
} from '../contract/planning.ts';
import type { Health as HealthResource } from '../contract/system.ts';
import type { VideoResource, videoVariantSchema } from '../contract/videos.ts';
import type { Declared } from '../contract/wire.ts';
import type { z } from 'zod';

export type GenerationStatus = z.infer<typeof publicStatusSchema>;

export type Resolution = z.infer<typeof resolutionSchema>;

export type VideoVariant = z.infer<typeof videoVariantSchema>;

/**
 * A generation. Long videos and storyboards also carry `plan`, `segments` and `estimate`.
 * `video.url` and `thumbnail.url` are permanent signed URLs (a plain `<video src>` works).
 */
export type Generation = Declared<GenerationResource>;

export type StoredFileInfo = NonNullable<Generation['video']>;

/** Why a generation failed: a stable `code` (`input_refused`, `provider_outage`...), `retryable`, a `hint`. */
export type GenerationErrorInfo = NonNullable<Generation['error']>;

/** One model tried for a generation (earlier ones of a fallback list, then the current one). */
export type GenerationAttempt = Generation['attempts'][number];

/** Request options shared by create and estimate (what the model ignores comes back as a warning). */
export interface RequestOptionParams {
  seed?: number;
  generateAudio?: boolean;
  fps?: number;
  negativePrompt?: string;
  /** Such as "16:9"; an explicit size wins. */
  aspectRatio?: string;
  /** Provider-specific inputs, spelled as the provider spells them; unknown keys are a 400. */
  providerOptions?: Record<string, string | number | boolean | null>;
}

export interface CreateGenerationParams extends RequestOptionParams {
  prompt: string;
  /** A model, an alias, or an ordered fallback list tried in turn when a start fails before any job exists. */
  model?: string | string[];
  resolution?: Resolution;
  /** Seconds. */
  duration?: number;
  /** Exact size, e.g. "1280x720" (instead of resolution). */
  size?: string;
  /** First-frame image: an https URL or a base64 `data:` URL. */
  imageUrl?: string;
  /** With a fallback list: also move on when a model refuses the content. */
  fallbackOnRefusal?: boolean;
  /** Asset ids (`asset_...`) sent as reference images where the model takes them. */
  assets?: string[];
}

export interface ListGenerationsParams {
  after?: string;
  limit?: number;
  order?: 'asc' | 'desc';
  status?: GenerationStatus;
  model?: string;
}

export interface GenerationPage {
  data: Generation[];
  hasMore: boolean;
  firstId: string | null;
  lastId: string | null;
}

export type GenerationEventType = ContractEventType;

/** One event from an event stream. The first one is always a `snapshot`. */
export type StreamEvent =
  | { type: GenerationEventType; at: number; generation: Generation }
  /** Per-generation stream: the generation as it is now. */
  | { type: 'snapshot'; at: number; generation: Generation }
  /** Account stream: the newest generations. */
  | { type: 'snapshot'; at: number; data: Generation[]; has_more: boolean };

export type Account = Declared<AccountResource>;

export interface DownloadedFile {
  /** The bytes, streamed (constant memory whatever the size). */
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** Length of this body in bytes, when the server said. */
  bytes: number | null;
  /** Size of the whole file (differs from `bytes` for ranged downloads). */
  totalBytes: number | null;
  /** The inclusive range served, for ranged downloads. */
  range?: { start: number; end: number };
}

// ---- long videos, storyboards, estimates, prompt help, usage ----------------------------------

/** One part of a long video or storyboard, as a generation reports it. */
export type SegmentInfo = NonNullable<Generation['segments']>[number];

/** How a segmented video joins its segments, chosen per model from what its provider offers. */
export type PlanContinuityInfo = NonNullable<NonNullable<Generation['plan']>['continuity']>;

/** A generation of a long video or storyboard (its `plan`, `segments` and `estimate` are set). */
export type SegmentedGeneration = Generation;

export interface StoryboardShotParams {
  prompt: string;
  /** Seconds. */
  duration: number;
  /** Continue the previous shot without a cut. */
  continuePrevious?: boolean;
  /** Asset ids (`asset_...`) sent as reference images with this shot. */
  assets?: string[];
}

export interface CreateStoryboardParams {
  shots: StoryboardShotParams[];
  model?: string;
  resolution?: Resolution;
  size?: string;
  /** Crossfade at each joint, seconds (0-2). */
  crossfade?: number;
}

export interface EstimateParams extends RequestOptionParams {
  prompt?: string;
  /** Asset ids of a single prompt (shots name their own); a model without references warns. */
  assets?: string[];
  shots?: StoryboardShotParams[];
  model?: string;
  resolution?: Resolution;
  size?: string;
  duration?: number;
}

export type Estimate = Declared<EstimateResponse>;

export type LintWarning = Estimate['lint'][number];

export type PolicyFindings = Estimate['policy'];

export type Usage = Declared<UsageResponse>;

export type UsageWindowInfo = Usage['day'];

/** One model of `GET /v1/models`. */
export type ModelInfo = Declared<ModelResource>;

export type OptionSupport = ContractOptionSupport;

export type ModelList = Declared<ModelListResource>;

/** `GET /healthz`. */
export type Health = Declared<HealthResource>;

/** `GET /v1/favorites`: the account's favourite generations, newest first. */
export type FavoriteList = Declared<FavoriteListResource>;

/** `POST /v1/prompts/lint`: warnings (advice) and pre-flight policy findings. */
export type PromptLint = Declared<PromptLintResponse>;

/** `POST /v1/prompts/build`: the assembled prompt and its warnings. */
export type PromptBuild = Declared<PromptBuildResponse>;

/** `GET /v1/session/local`: the local user's key, or null. */
export type LocalSession = Declared<LocalSessionResource>;

/** A video of the OpenAI-compatible surface (`/v1/videos`), e.g. a remix just accepted. */
export type Video = Declared<VideoResource>;

/** The parts `POST /v1/prompts/build` assembles into a prompt. */
export type PromptParts = z.input<typeof buildRequestSchema>;
/** A reusable reference image (`/v1/assets`). */
export type Asset = AssetResource;
export type AssetKind = 'character' | 'object' | 'style';

export interface CreateAssetParams {
  kind: AssetKind;
  name: string;
  description?: string;
  /** The image bytes (PNG, JPEG or WebP) ... */
  file?: Uint8Array | Blob;
  /** ... the upload's file name ... */
  fileName?: string;
  /** ... or an https / base64 `data:` URL reelgate downloads once. */
  imageUrl?: string;
}

export interface ListAssetsParams {
  after?: string;
  limit?: number;
  order?: 'asc' | 'desc';
  kind?: AssetKind;
}

export interface AssetPage {
  data: AssetResource[];
  hasMore: boolean;
  firstId: string | null;
  lastId: string | null;
}
