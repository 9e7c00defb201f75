/**
 * The shapes the studio reads from reelgate's public API (`/v1/generations` and friends).
 * Loose on purpose: extra fields may appear, and optional ones (segments, usage...) arrive with
 * later server versions.
 */

import type {
  Generation as ClientGeneration,
  GenerationErrorInfo,
  GenerationStatus,
  Resolution,
} from '../../../src/client/index.ts';

export type { GenerationErrorInfo, Resolution };
export type PublicStatus = GenerationStatus;

export const finalStatuses: ReadonlySet<PublicStatus> = new Set([
  'completed',
  'failed',
  'canceled',
  'expired',
]);

export interface Segment {
  index: number;
  status: string;
  progress?: number | null;
  duration?: number | null;
  prompt?: string | null;
  error?: GenerationErrorInfo | null;
}

/** The client's generation, plus what long videos and storyboards add (when the server reports it). */
export interface Generation extends ClientGeneration {
  segments?: Segment[] | null;
  storyboard_id?: string | null;
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

export interface PolicyFinding {
  rule: string;
  message: string;
  hint: string | undefined;
}

export interface Estimate {
  cost: number | null;
  currency: string;
  warnings: string[];
  /** Content-policy problems found before submitting (the request would be refused). */
  policy: PolicyFinding[];
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
