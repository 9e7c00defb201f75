/** Wire types of reelgate's own API, as the client returns them. */

export type GenerationStatus =
  | 'queued'
  | 'running'
  | 'downloading'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'expired';

export type Resolution = '480p' | '720p' | '1080p';

export type VideoVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface StoredFileInfo {
  /** Permanent signed URL: works as a plain `<video src>`, no header needed. */
  url: string;
  bytes: number;
  content_type: string;
  sha256: string;
}

export interface GenerationErrorInfo {
  /** Stable machine-readable code (`input_refused`, `provider_outage`...). */
  code: string;
  type: string;
  message: string;
  retryable: boolean;
  hint?: string;
}

export interface Generation {
  object: 'generation';
  id: string;
  status: GenerationStatus;
  state: string;
  model: string;
  provider: string;
  prompt: string;
  resolution: Resolution;
  size: string;
  /** Seconds. */
  duration: number;
  /** 0..100 */
  progress: number;
  queue_position: number | null;
  /** Estimated finish, Unix seconds. */
  eta: number | null;
  /** Adjustments made to fit the model (never silent). */
  warnings: string[];
  error: GenerationErrorInfo | null;
  cost: number | null;
  /** True when the built-in emulator made this video. */
  emulated: boolean;
  parent_id: string | null;
  requested: {
    model: string | null;
    resolution: Resolution | null;
    size: string | null;
    duration: number | null;
    surface: string;
  };
  video: StoredFileInfo | null;
  thumbnail: StoredFileInfo | null;
  /** Unix seconds. */
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}

export interface CreateGenerationParams {
  prompt: string;
  model?: string;
  resolution?: Resolution;
  /** Seconds. */
  duration?: number;
  /** Exact size, e.g. "1280x720" (instead of resolution). */
  size?: string;
  /** First-frame image: an https URL or a base64 `data:` URL. */
  imageUrl?: string;
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

/** One event from an event stream. The first one is always a `snapshot`. */
export type StreamEvent =
  | { type: GenerationEventType; at: number; generation: Generation }
  /** Per-generation stream: the generation as it is now. */
  | { type: 'snapshot'; at: number; generation: Generation }
  /** Account stream: the newest generations. */
  | { type: 'snapshot'; at: number; data: Generation[]; has_more: boolean };

export interface Account {
  object: 'account';
  id: string;
  name: string;
  is_admin: boolean;
  budget_usd: number | null;
  spent_usd: number;
  concurrency_limit: number | null;
  policy_check: boolean;
  created_at: number;
}

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

// ---- long videos, storyboards, estimates, prompt help, usage (issue 5) ------------------------

/** One part of a long video or storyboard, as a generation reports it. */
export interface SegmentInfo {
  index: number;
  shot_index: number;
  status: 'pending' | 'running' | 'completed' | 'failed' | 'canceled';
  progress: number;
  /** Seconds asked of the provider (and paid). */
  duration: number;
  keep_seconds: number;
  start_seconds: number;
  prompt: string;
  continuity: 'extend' | 'last_frame' | 'independent' | null;
  depends_on: number | null;
  attempts: number;
  generation_id: string | null;
  /** Kept from an earlier, failed attempt of the same video (not paid again). */
  reused: boolean;
  cost: number | null;
  error: { code: string; message: string; hint?: string } | null;
}

/** A generation of a long video or storyboard carries its plan and segments. */
export interface SegmentedGeneration extends Generation {
  plan?: {
    kind: 'long' | 'storyboard';
    count: number;
    requested_seconds: number;
    planned_seconds: number;
    overshoot_seconds: number;
    crossfade_seconds: number;
    waves: number[][];
    warnings: string[];
    stitch: { method: 'copy' | 'reencode'; reencode_reason: string | null; duration: number } | null;
  };
  segments?: SegmentInfo[];
  estimate?: { total_usd: number; currency: 'USD'; billed_seconds: number; delivered_seconds: number };
}

export interface StoryboardShotParams {
  prompt: string;
  /** Seconds. */
  duration: number;
  /** Continue the previous shot without a cut. */
  continuePrevious?: boolean;
}

export interface CreateStoryboardParams {
  shots: StoryboardShotParams[];
  model?: string;
  resolution?: Resolution;
  size?: string;
  /** Crossfade at each joint, seconds (0-2). */
  crossfade?: number;
}

export interface EstimateParams {
  prompt?: string;
  shots?: StoryboardShotParams[];
  model?: string;
  resolution?: Resolution;
  size?: string;
  duration?: number;
}

export interface LintWarning {
  code: string;
  message: string;
  reason: string;
  suggestion: string;
}

export interface PolicyFindings {
  enabled: boolean;
  allowed: boolean;
  violations: Array<{ rule: string; category: string; matched: string; message: string; hint: string }>;
}

export interface Estimate {
  object: 'estimate';
  total_usd: number;
  currency: 'USD';
  model: string;
  size: string;
  resolution: Resolution;
  duration: number;
  segmented: boolean;
  per_second_usd: number;
  billed_seconds: number;
  delivered_seconds: number;
  trimmed_seconds: number;
  warnings: string[];
  notes: string[];
  segments: Array<{
    index: number;
    shot_index: number;
    duration: number;
    keep_seconds: number;
    prompt: string | null;
    continuity: string | null;
    cost_usd: number;
  }>;
  plan: {
    count: number;
    requested_seconds: number;
    planned_seconds: number;
    overshoot_seconds: number;
    waves: number[][];
  } | null;
  lint: LintWarning[];
  policy: PolicyFindings;
  budget: {
    allowed: boolean;
    code: string | null;
    message: string | null;
    remaining: { daily_usd: number | null; monthly_usd: number | null; concurrent_slots: number | null };
  };
  typical_seconds: number;
}

export interface UsageWindowInfo {
  spent: number;
  reserved: number;
  budget: number | null;
  remaining: number | null;
  resets_at: string;
  generations: number;
}

export interface Usage {
  object: 'usage';
  currency: 'USD';
  day: UsageWindowInfo;
  month: UsageWindowInfo;
  concurrency: { running: number; limit: number | null };
  per_model: Array<{ model: string; count: number; cost: number }>;
  policy_check: boolean;
}

export interface PromptParts {
  subject: string;
  action?: string;
  setting?: string;
  camera?: string;
  lighting?: string;
  style?: string;
  mood?: string;
  details?: string;
}
