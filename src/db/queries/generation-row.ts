/**
 * The `generations` row as stored, and its mapping to the `Generation` the API presents.
 */
import { assetUses } from '../../core/assets.ts';
import type {
  GenerationError,
  Generation,
  GenerationState,
  Resolution,
  StoredFile,
} from '../../core/generation.ts';
import type { ProgressTrack } from '../../core/eta.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { type GenerationInputs, readGenerationInputs } from '../../core/generation-inputs.ts';
import { readStoredEstimate, readStoredPlan, segmentedView } from '../../core/segmented-video.ts';
import { readStoredOptions } from '../../core/request-options.ts';
import { publicStatus } from '../../core/state-machine.ts';

export interface GenerationRow {
  id: string;
  account_id: string;
  state: GenerationState;
  provider: string;
  model: string;
  model_id: string;
  prompt: string;
  requested: Generation['requested'];
  size: string;
  resolution: Resolution;
  duration_seconds: number;
  inputs: GenerationInputs;
  warnings: string[];
  emulated: boolean;
  parent_id: string | null;
  idempotency_key: string;
  operation: unknown;
  provider_job_id: string | null;
  provider_status: string | null;
  start_attempts: number;
  attempts: number;
  status_checks: number;
  next_check_at: number | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  lease_token: number;
  step_seq: number;
  progress: number;
  queue_position: number | null;
  eta_at: number | null;
  first_progress_at: number | null;
  first_progress: number | null;
  last_progress_at: number | null;
  expected_total_ms: number | null;
  result: unknown;
  /** A completed job's status as a status sweep listed it: `{ jobId, result }` (0062). */
  listed_result: unknown;
  result_expires_at: number | null;
  error_code: string | null;
  error_message: string | null;
  error_retryable: boolean | null;
  error_hint: string | null;
  cost_usd: number | string | null;
  video_key: string | null;
  video_bytes: number | null;
  video_sha256: string | null;
  video_content_type: string | null;
  thumbnail_key: string | null;
  thumbnail_bytes: number | null;
  thumbnail_sha256: string | null;
  thumbnail_content_type: string | null;
  spritesheet_key: string | null;
  spritesheet_bytes: number | null;
  spritesheet_sha256: string | null;
  spritesheet_content_type: string | null;
  created_at: number;
  updated_at: number;
  submitted_at: number | null;
  started_at: number | null;
  provider_completed_at: number | null;
  stored_at: number | null;
  completed_at: number | null;
  deadline_at: number | null;
  /** When the last billable start was sent (0009). */
  start_sent_at?: number | null;
  /** W3C `traceparent` of the trace this generation's spans belong to (0060); null: untraced. */
  trace_context?: string | null;
  /** Segmented videos (0003): the stored plan; a segment's place in its parent's plan; the cost estimate. */
  plan?: unknown;
  segment_index?: number | null;
  estimate?: unknown;
}

/** Columns a worker step or the service may write (the keys of a patch). */
export type GenerationPatch = Partial<
  Omit<GenerationRow, 'id' | 'account_id' | 'created_at' | 'lease_token' | 'step_seq'>
>;

/** Columns stored as jsonb. */
export const jsonColumns: ReadonlySet<string> = new Set([
  'requested',
  'inputs',
  'warnings',
  'operation',
  'result',
  'listed_result',
  'plan',
  'estimate',
]);

const numericColumns = [
  'duration_seconds',
  'start_attempts',
  'attempts',
  'status_checks',
  'next_check_at',
  'lease_expires_at',
  'lease_token',
  'step_seq',
  'progress',
  'queue_position',
  'eta_at',
  'first_progress_at',
  'first_progress',
  'last_progress_at',
  'expected_total_ms',
  'result_expires_at',
  'cost_usd',
  'video_bytes',
  'thumbnail_bytes',
  'spritesheet_bytes',
  'created_at',
  'updated_at',
  'submitted_at',
  'started_at',
  'provider_completed_at',
  'stored_at',
  'completed_at',
  'deadline_at',
] as const;

/** Normalises driver differences (bigint/numeric as strings, JSON as text). */
export function normaliseRow(raw: Record<string, unknown>): GenerationRow {
  const row: Record<string, unknown> = { ...raw };
  for (const column of numericColumns) {
    const value = row[column];
    if (value !== null && value !== undefined && typeof value !== 'number') row[column] = Number(value);
  }
  for (const column of jsonColumns) {
    const value = row[column];
    if (typeof value === 'string') row[column] = JSON.parse(value);
  }
  if ('inputs' in row) row.inputs = readGenerationInputs(row.inputs);
  return row as unknown as GenerationRow;
}

function storedFile(
  key: string | null,
  bytes: number | null,
  sha256: string | null,
  contentType: string | null,
): StoredFile | null {
  if (!key || bytes === null || !sha256) return null;
  return { key, bytes, sha256, contentType: contentType ?? 'application/octet-stream' };
}

export function toGeneration(row: GenerationRow): Generation {
  const error: GenerationError | null = row.error_code
    ? {
        code: row.error_code as ErrorCode,
        message: row.error_message ?? '',
        retryable: row.error_retryable ?? false,
        ...(row.error_hint ? { hint: row.error_hint } : {}),
      }
    : null;
  const completed = row.state === 'completed';
  return {
    id: row.id,
    accountId: row.account_id,
    state: row.state,
    status: publicStatus(row.state, row.started_at !== null),
    model: row.model,
    provider: row.provider,
    requested: row.requested,
    prompt: row.prompt,
    size: row.size,
    resolution: row.resolution,
    durationSeconds: row.duration_seconds,
    warnings: row.warnings ?? [],
    progress: completed ? 100 : row.progress,
    queuePosition: row.queue_position,
    etaMs: completed ? null : row.eta_at,
    error,
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
    // Files are only presented once the row is final: a copy being written is never served.
    video: completed
      ? storedFile(row.video_key, row.video_bytes, row.video_sha256, row.video_content_type)
      : null,
    thumbnail: completed
      ? storedFile(row.thumbnail_key, row.thumbnail_bytes, row.thumbnail_sha256, row.thumbnail_content_type)
      : null,
    parentId: row.parent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    emulated: row.emulated,
    ...segmentedFields(row),
    options: readStoredOptions(row.inputs ?? {}),
    ...fallbackFields(row),
    ...assetFields(row),
  };
}

/** The assets the generation sends, when it names any. */
function assetFields(row: GenerationRow): Pick<Generation, 'assets'> {
  const uses = assetUses(row.inputs ?? {});
  return uses.length > 0 ? { assets: uses } : {};
}

/** The plan, segments and estimate of a row, when it has them (0003 columns). */
function segmentedFields(row: GenerationRow): Pick<Generation, 'plan' | 'segments' | 'estimate'> {
  const stored = readStoredPlan(row.plan);
  const estimate = readStoredEstimate(row.estimate);
  return { ...(stored ? segmentedView(stored) : {}), ...(estimate ? { estimate } : {}) };
}

/** The models tried before this one, when the request named a fallback list. */
function fallbackFields(row: GenerationRow): Pick<Generation, 'fallbackAttempts'> {
  const route = row.inputs?.fallback;
  return route ? { fallbackAttempts: route.attempts } : {};
}

/** The row's progress bookkeeping, as the ETA estimate reads it. */
export function progressTrackOf(row: GenerationRow): ProgressTrack {
  return {
    progress: row.progress,
    firstProgress: row.first_progress,
    firstProgressAt: row.first_progress_at,
    lastProgressAt: row.last_progress_at,
  };
}
