/**
 * The one place a new `generations` row is made: ids from the injected `newId`, the deadline
 * from the model's own window (REELGATE_DEADLINE_MODELS) or its typical time, the typed `inputs`,
 * the estimate and, for segmented videos and segments, the plan and the segment's place. Also
 * the one other kind of row: a finished segment of a failed attempt copied into a new one.
 */
import { randomBytes } from 'node:crypto';
import type { CostEstimate } from '../../core/cost-estimate.ts';
import type { Generation, GenerationState, Resolution } from '../../core/generation.ts';
import type { GenerationInputs } from '../../core/generation-inputs.ts';
import type { StoredSegmentPlan } from '../../core/segmented-video.ts';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import type { NewGenerationRow } from '../../db/queries/insert-generation.ts';
import type { EngineDeps } from '../engine-deps.ts';
import type { ProviderBinding } from '../../providers/provider-port.ts';
import { deadlineFor } from '../../core/deadline.ts';
import { nextKey } from '../../core/idempotency-key.ts';

/** A new generation id from the injected factory (default `video_` + 32 random hex digits). */
export function newGenerationId(deps: Pick<EngineDeps, 'newId'>): string {
  return deps.newId ? deps.newId() : `video_${randomBytes(16).toString('hex')}`;
}

export interface RowSpec {
  id: string;
  accountId: string;
  /** Routing id `provider:model`, the provider, and the provider's own model id. */
  model: string;
  provider: ProviderBinding;
  modelId: string;
  prompt: string;
  requested: Generation['requested'];
  size: string;
  resolution: Resolution;
  durationSeconds: number;
  inputs: Omit<GenerationInputs, 'version'>;
  warnings: string[];
  parentId: string | null;
  /** Typical time to the finished video at this provider's speed (ETA and deadline). */
  typicalMs: number;
  /** The key of the first provider start; default the row's first job key. */
  idempotencyKey?: string;
  estimate?: CostEstimate | undefined;
  plan?: StoredSegmentPlan | undefined;
  segmentIndex?: number | undefined;
  /** The trace this row's spans belong to (default: a new trace opened when it is written). */
  traceContext?: string | null | undefined;
}

export function newGenerationRow(deps: EngineDeps, spec: RowSpec): NewGenerationRow {
  const now = deps.clock.now();
  const state: GenerationState = 'accepted';
  return {
    id: spec.id,
    account_id: spec.accountId,
    state,
    provider: spec.provider.name,
    model: spec.model,
    model_id: spec.modelId,
    prompt: spec.prompt,
    requested: spec.requested,
    size: spec.size,
    resolution: spec.resolution,
    duration_seconds: spec.durationSeconds,
    inputs: { version: 1, ...spec.inputs },
    warnings: spec.warnings,
    emulated: spec.provider.emulated,
    parent_id: spec.parentId,
    idempotency_key: spec.idempotencyKey ?? nextKey(spec.id, 1),
    next_check_at: now,
    expected_total_ms: Math.round(spec.typicalMs),
    eta_at: Math.round(now + spec.typicalMs),
    cost_usd: null,
    created_at: now,
    updated_at: now,
    deadline_at: deadlineFor(deps, now, spec.typicalMs, spec.provider, spec.model),
    ...(spec.estimate ? { estimate: spec.estimate } : {}),
    ...(spec.plan ? { plan: spec.plan } : {}),
    ...(spec.segmentIndex !== undefined ? { segment_index: spec.segmentIndex } : {}),
    ...(spec.traceContext !== undefined ? { trace_context: spec.traceContext } : {}),
  };
}

/**
 * A finished segment of an earlier, failed attempt copied into a new attempt of the same long
 * video: already paid for (cost 0, not counted again), already complete (no deadline, no next
 * check); the caller stores its file and marks it stored in the same transaction.
 */
export function reusedSegmentRow(
  deps: Pick<EngineDeps, 'clock'>,
  spec: { id: string; source: GenerationRow; parentId: string; segmentIndex: number; originId: string },
): NewGenerationRow {
  const { source } = spec;
  const now = deps.clock.now();
  return {
    id: spec.id,
    account_id: source.account_id,
    state: 'completed',
    provider: source.provider,
    model: source.model,
    model_id: source.model_id,
    prompt: source.prompt,
    requested: source.requested,
    size: source.size,
    resolution: source.resolution,
    duration_seconds: source.duration_seconds,
    inputs: { version: 1, reusedFrom: spec.originId, continuesFrom: source.inputs.continuesFrom ?? null },
    warnings: [],
    emulated: source.emulated,
    parent_id: spec.parentId,
    idempotency_key: `rg-${spec.id}-reused`,
    next_check_at: null,
    expected_total_ms: null,
    eta_at: null,
    // Paid by the earlier attempt: not counted again.
    cost_usd: 0,
    created_at: now,
    updated_at: now,
    deadline_at: null,
    segment_index: spec.segmentIndex,
  };
}
