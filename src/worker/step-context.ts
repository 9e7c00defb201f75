/**
 * Shared helpers of the worker's steps: fenced commits (every write checks the claim still
 * holds), failing a generation with a typed error, events, and the expected duration learned
 * from history.
 */
import type { Logger } from 'pino';
import type { BackoffPolicy } from '../core/backoff.ts';
import { typicalMs } from '../core/deadline.ts';
import { medianMs, type ProgressObservation } from '../core/eta.ts';
import { defaultHint } from '../core/error-taxonomy.ts';
import type { ReelgateError } from '../core/errors.ts';
import type { GenerationEventType, GenerationState } from '../core/generation.ts';
import { type PollPlan, type PollPolicy, planNextCheck, scalePollPolicy } from '../core/poll-schedule.ts';
import { assertTransition } from '../core/state-machine.ts';
import { type GenerationPatch, type GenerationRow, toGeneration } from '../db/queries/generation-row.ts';
import { recentDurations } from '../db/queries/model-timings.ts';
import { updateFenced } from '../db/queries/update-generation.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { ProviderBinding } from '../providers/provider-port.ts';
import { markFailed } from '../telemetry/tracing.ts';
import { codeLabel } from './metrics.ts';
import { startStepSpan } from './step-telemetry.ts';

/** One claimed generation being driven by this worker. */
export interface Claim {
  row: GenerationRow;
  workerId: string;
  token: number;
  provider: ProviderBinding;
  log: Logger;
  signal: AbortSignal;
}

/** Raised when a write finds the claim gone (canceled, deleted, taken over): stop quietly. */
export class LostClaim extends Error {
  constructor() {
    super('claim lost');
    this.name = 'LostClaim';
  }
}

export async function commit(
  deps: EngineDeps,
  claim: Claim,
  to: GenerationState,
  patch: GenerationPatch,
): Promise<GenerationRow> {
  assertTransition(claim.row.state, to);
  const updated = await updateFenced(
    deps.db,
    claim.row.id,
    { workerId: claim.workerId, token: claim.token, state: claim.row.state },
    { ...patch, state: to },
    deps.clock.now(),
  );
  if (!updated) throw new LostClaim();
  claim.row = updated;
  return updated;
}

export function emit(deps: EngineDeps, type: GenerationEventType, row: GenerationRow): void {
  deps.events.emit({ type, generation: toGeneration(row), at: deps.clock.now() });
}

const finalEvent = {
  failed: 'generation:failed',
  expired: 'generation:expired',
  canceled: 'generation:canceled',
} as const;

/** Ends a generation `failed` (or `expired` / `canceled`) with a typed error. */
export async function finishWithError(
  deps: EngineDeps,
  claim: Claim,
  error: ReelgateError,
  to: 'failed' | 'expired' = error.code === 'result_expired' ? 'expired' : 'failed',
): Promise<void> {
  const row = await commit(deps, claim, to, {
    error_code: error.code,
    error_message: error.message,
    error_retryable: error.retryable,
    error_hint: error.hint ?? defaultHint(error.code) ?? null,
    next_check_at: null,
    eta_at: null,
    queue_position: null,
    result: null,
  });
  claim.log.warn({ code: error.code, state: to, err: error.message }, 'generation ended with an error');
  deps.metrics.finished.inc({ state: to, code: error.code, model: row.model });
  deps.metrics.failures.inc({ provider: row.provider, code: codeLabel(error.code) });
  const span = startStepSpan(deps, row, `reelgate.generation.${to}`);
  markFailed(span, error.code);
  span.end();
  emit(deps, finalEvent[to], row);
}

export function pollPolicy(deps: EngineDeps, provider: ProviderBinding): PollPolicy {
  return scalePollPolicy(deps.policy.poll, provider.timeScale);
}

/** The next check of a running generation from what was just seen of its progress (status step, status sweep). */
export function planCheckFromProgress(
  row: GenerationRow,
  seen: ProgressObservation,
  nowMs: number,
  deadlineMs: number | null,
  policy: PollPolicy,
): PollPlan {
  return planNextCheck({
    nowMs,
    submittedAtMs: row.submitted_at ?? row.created_at,
    expectedTotalMs: row.expected_total_ms ?? policy.minIntervalMs * 30,
    firstSample: seen.firstSample,
    lastSample: seen.lastSample,
    deadlineMs: deadlineMs ?? undefined,
    retryAfterMs: undefined,
    policy,
  });
}

export function backoffPolicy(deps: EngineDeps, provider: ProviderBinding): BackoffPolicy {
  const scale = Math.max(provider.timeScale, 1);
  const base = deps.policy.backoff;
  return { ...base, baseMs: Math.max(5, base.baseMs / scale), maxMs: Math.max(50, base.maxMs / scale) };
}

/**
 * Expected time from submission to result: the median of recent jobs of the same model, size
 * and duration once there are a few, otherwise the catalog's typical time (scaled to the
 * provider's speed).
 */
export async function expectedTotalMs(
  deps: EngineDeps,
  row: GenerationRow,
  provider: ProviderBinding,
): Promise<number> {
  const recent = await recentDurations(deps.db, {
    model: row.model,
    size: row.size,
    durationSeconds: row.duration_seconds,
    limit: 15,
  });
  const learned = recent.length >= 3 ? medianMs(recent) : undefined;
  if (learned !== undefined) return learned;
  return typicalMs(deps, row.model, row.size, row.duration_seconds, provider);
}
