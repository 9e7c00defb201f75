/**
 * The shapes the studio reads from reelgate's public API (`/v1/generations` and friends).
 * Loose on purpose: extra fields may appear, and optional ones (segments, usage...) arrive with
 * later server versions.
 */

export type PublicStatus =
  | 'queued'
  | 'running'
  | 'downloading'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'expired';

export const finalStatuses: ReadonlySet<PublicStatus> = new Set([
  'completed',
  'failed',
  'canceled',
  'expired',
]);

export type Resolution = '480p' | '720p' | '1080p';

export interface StoredFileRef {
  url: string;
  bytes: number;
  content_type: string;
}

export interface GenerationErrorInfo {
  code: string;
  type?: string;
  message: string;
  retryable?: boolean;
  hint?: string;
}

export interface Segment {
  index: number;
  status: string;
  progress?: number | null;
  duration?: number | null;
  prompt?: string | null;
  error?: GenerationErrorInfo | null;
}

export interface Generation {
  object: 'generation';
  id: string;
  status: PublicStatus;
  state?: string;
  model: string;
  provider?: string;
  prompt: string;
  resolution: string;
  size: string;
  duration: number;
  progress: number;
  queue_position: number | null;
  /** Estimated finish, Unix seconds. */
  eta: number | null;
  warnings: string[];
  error: GenerationErrorInfo | null;
  cost: number | null;
  emulated?: boolean;
  parent_id: string | null;
  video: StoredFileRef | null;
  thumbnail: StoredFileRef | null;
  created_at: number;
  updated_at?: number;
  completed_at: number | null;
  /** Long videos and storyboards: one entry per planned segment (when the server reports them). */
  segments?: Segment[] | null;
  storyboard_id?: string | null;
}

export interface ListPage<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface ModelInfo {
  id: string;
  name?: string;
  provider?: string;
  description?: string;
  max_duration?: number;
  resolutions?: string[];
  sizes?: string[];
  durations?: number[];
  default?: boolean;
}

export interface CreateGenerationBody {
  prompt: string;
  model?: string;
  resolution?: Resolution;
  size?: string;
  duration?: number;
}

export interface Estimate {
  cost: number | null;
  currency: string;
  warnings: string[];
  /** Anything else the server adds (segments, model, time estimate...). */
  details: Record<string, unknown>;
}

export interface LintHint {
  rule: string;
  message: string;
  severity: 'info' | 'warning';
}

export interface StoryboardShot {
  prompt: string;
  duration: number;
}

export interface UsageSummary {
  source: 'server' | 'computed';
  spentToday: number | null;
  spentMonth: number | null;
  budgetDay: number | null;
  budgetMonth: number | null;
  perModel: { model: string; count: number; cost: number }[];
  currency: string;
}

export interface GenerationEvent {
  type: string;
  at: number;
  generation: Generation;
}
