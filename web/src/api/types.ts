/**
 * The shapes the studio reads: the wire types of `reelgate/client` (one contract for apps and
 * the studio), plus the studio's own view types.
 */
import type {
  CreateGenerationParams,
  Estimate,
  EstimateParams,
  GenerationErrorInfo,
  GenerationStatus,
  LintWarning,
  ModelInfo,
  PolicyFindings,
  Resolution,
  SegmentedGeneration,
  SegmentInfo,
  StoryboardShotParams,
  Usage,
} from '../../../src/client/index.ts';

export type {
  CreateGenerationParams,
  Estimate,
  GenerationErrorInfo,
  LintWarning,
  ModelInfo,
  PolicyFindings,
  Resolution,
  SegmentInfo,
  StoryboardShotParams,
  Usage,
};
export type PublicStatus = GenerationStatus;

/** What the studio creates: one model (not a fallback list), so the same params also price it. */
export type StudioCreateParams = CreateGenerationParams & EstimateParams;

/** Every generation as the studio keeps it: long videos and storyboards carry plan and segments. */
export type Generation = SegmentedGeneration;

export const finalStatuses: ReadonlySet<PublicStatus> = new Set([
  'completed',
  'failed',
  'canceled',
  'expired',
]);

/** A finding of the local prompt rules or the server's lint, shown beside the prompt. */
export interface LintHint {
  rule: string;
  message: string;
  severity: 'info' | 'warning';
}
