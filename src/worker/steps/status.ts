/**
 * Step `running`: one status check. Pending answers update progress, queue position and ETA
 * and schedule the next check from them (src/core/poll-schedule.ts); a completed job moves to
 * `downloading` at once; a failed job ends with its mapped error (or, when the failure is
 * retryable, becomes a new logical start with a new key). A failed check is retried with
 * backoff and NEVER starts a second job. Past the deadline with no progress, the job is
 * cancelled at the provider where possible and ends `timed_out`.
 */
import { returnedLastFrameUrl } from '../../core/catalog/continuity.ts';
import { type GenerationRow, progressTrackOf } from '../../db/queries/generation-row.ts';
import { jobNumber, nextKey } from '../../core/idempotency-key.ts';
import { retryDelayMs } from '../../core/backoff.ts';
import { displayEta, observeProgress } from '../../core/eta.ts';
import { ReelgateError } from '../../core/errors.ts';
import type { EngineDeps } from '../engine-deps.ts';
import type { StatusResult } from '../../providers/provider-port.ts';
import {
  backoffPolicy,
  type Claim,
  commit,
  emit,
  finishWithError,
  planCheckFromProgress,
  pollPolicy,
} from '../step-context.ts';
import { secondsBetween } from '../metrics.ts';
import { beginProviderCall } from '../step-telemetry.ts';
import { retryAfterOf } from './start.ts';
import { fallBackAfterStartFailure } from '../fallback.ts';

export async function runStatusCheck(deps: EngineDeps, claim: Claim): Promise<void> {
  let row = claim.row;
  const model = claim.provider.videoModel(row.model_id);
  if (!model.doStatus || row.operation === null || row.operation === undefined) {
    // No operation recorded: the start never completed; go back and (re)send it.
    await commit(deps, claim, 'submitted', { next_check_at: deps.clock.now() });
    return;
  }
  // A status sweep listed this job completed (src/worker/status-sweep.ts): the list entry is the
  // provider's own answer for the job, so the video is stored without asking again.
  const listed = listedCompletion(row);
  let result: StatusResult;
  if (listed) {
    result = listed;
  } else {
    const call = beginProviderCall(deps, claim.provider.name, row, 'status', {
      'reelgate.status_check': row.status_checks + 1,
    });
    try {
      result = await model.doStatus({ operation: row.operation as never, abortSignal: claim.signal });
      call.done('ok', { 'reelgate.provider_status': result.status });
    } catch (thrown) {
      const error = claim.provider.classifyError(thrown, deps.clock.now());
      call.done(error.code);
      await statusCheckFailed(deps, claim, error);
      return;
    }
  }
  await deps.hooks?.at?.('status:checked', row.id);
  const now = deps.clock.now();
  const info = claim.provider.statusInfo(result);
  if (info.unknownStatus) claim.log.warn({ providerStatus: info.providerStatus }, 'unknown provider status');

  if (result.status === 'completed') {
    const generating = secondsBetween(row.submitted_at, now);
    if (generating !== undefined)
      deps.metrics.generationTime.observe({ provider: claim.provider.name }, generating);
    row = await commit(deps, claim, 'downloading', {
      result: { videos: result.videos as never, ...returnedLastFrame(deps, row, result.providerMetadata) },
      result_expires_at: info.resultExpiresAtMs,
      provider_completed_at: now,
      provider_status: info.providerStatus,
      started_at: row.started_at ?? now,
      progress: 100,
      queue_position: null,
      status_checks: row.status_checks + (listed ? 0 : 1),
      listed_result: null,
      attempts: 0,
      eta_at: null,
      // Download at once: the same claim continues with the download step.
      next_check_at: now,
    });
    emit(deps, 'generation:downloading', row);
    return;
  }

  if (result.status === 'error') {
    const failure =
      info.failure ?? new ReelgateError({ code: 'provider_outage', message: result.error, retryable: false });
    const jobsUsed = jobNumber(row.idempotency_key);
    const beforeDeadline = row.deadline_at === null || now < row.deadline_at;
    // A job that died on the provider's side (not our input) was not charged: with a fallback
    // list the next model gets the video rather than a second job at the same provider.
    if (
      failure.retryable &&
      failure.code === 'provider_outage' &&
      beforeDeadline &&
      row.inputs.fallback &&
      (await fallBackAfterStartFailure(deps, claim, failure, { jobFailed: true }))
    )
      return;
    if (
      failure.retryable &&
      failure.code === 'provider_outage' &&
      jobsUsed < deps.policy.maxProviderJobs &&
      beforeDeadline
    ) {
      // The provider's job died on its side (not our input): one new logical start, new key.
      claim.log.warn({ err: failure.message, job: jobsUsed }, 'provider job failed; starting a new one');
      await commit(deps, claim, 'submitted', {
        idempotency_key: nextKey(row.id, jobsUsed + 1),
        operation: null,
        provider_job_id: null,
        provider_status: 'failed',
        // A new logical start: the failed job is known, so the next start is not ambiguous.
        start_attempts: 0,
        progress: 0,
        first_progress: null,
        first_progress_at: null,
        last_progress_at: null,
        attempts: 0,
        status_checks: row.status_checks + 1,
        next_check_at: now,
        warnings: [...row.warnings, `The provider's job failed (${failure.message}); retried as a new job.`],
      });
      return;
    }
    await commit(deps, claim, 'running', {
      provider_status: info.providerStatus,
      status_checks: row.status_checks + 1,
    });
    await finishWithError(deps, claim, failure);
    return;
  }

  // Pending.
  const progress = info.progress ?? row.progress;
  const progressed = progress > row.progress;
  if (row.deadline_at !== null && now >= row.deadline_at && !progressed) {
    await timeOut(deps, claim, `no result and no progress by the deadline (last progress ${row.progress}%)`);
    return;
  }
  let deadline = row.deadline_at;
  if (deadline !== null && now >= deadline) {
    // Still moving: allow another quarter of the original window, up to three windows in all.
    const window = deadline - row.created_at;
    const hardLimit = row.created_at + 3 * (row.expected_total_ms ? Math.max(window, 0) : window);
    deadline = Math.min(hardLimit, now + Math.max(1, Math.round(window / 4)));
    if (deadline <= now) {
      await timeOut(deps, claim, 'still running at the hard deadline');
      return;
    }
  }
  const seen = observeProgress(progressTrackOf(row), progress, now);
  const policy = pollPolicy(deps, claim.provider);
  const plan = planCheckFromProgress(row, seen, now, deadline, policy);
  // A queue that moves is news to the app too (its position and ETA change).
  const statusChanged =
    info.providerStatus !== row.provider_status || info.queuePosition !== row.queue_position;
  row = await commit(deps, claim, 'running', {
    progress,
    queue_position: info.queuePosition,
    provider_status: info.providerStatus,
    started_at: row.started_at ?? (info.started ? now : null),
    first_progress_at: seen.track.firstProgressAt,
    first_progress: seen.track.firstProgress,
    last_progress_at: seen.track.lastProgressAt,
    eta_at: displayEta(plan.estimate, now, policy.minIntervalMs),
    next_check_at: plan.nextCheckAtMs,
    deadline_at: deadline,
    attempts: 0,
    status_checks: row.status_checks + 1,
  });
  if (progressed || statusChanged) emit(deps, 'generation:progress', row);
}

/** A status check that threw: retried with backoff, or ended when it cannot succeed. */
async function statusCheckFailed(deps: EngineDeps, claim: Claim, error: ReelgateError): Promise<void> {
  const row = claim.row;
  const now = deps.clock.now();
  const attempts = row.attempts + 1;
  if (!error.retryable) {
    await finishWithError(deps, claim, error);
  } else if (
    (row.deadline_at !== null && now >= row.deadline_at) ||
    attempts > deps.policy.maxStatusFailures
  ) {
    await timeOut(deps, claim, `status checks kept failing (${error.message})`);
  } else {
    const delay = retryDelayMs({
      attempt: attempts,
      random: deps.random,
      retryAfterMs: retryAfterOf(error),
      policy: backoffPolicy(deps, claim.provider),
    });
    // Logged, so an answer reelgate could not read (an unknown shape) is never silent.
    claim.log.info(
      { code: error.code, attempts, delayMs: delay, err: error.message },
      'status check failed; will retry',
    );
    await commit(deps, claim, 'running', {
      attempts,
      status_checks: row.status_checks + 1,
      next_check_at: capAtDeadline(now + delay, row.deadline_at, now),
    });
  }
}

/** Final step for a job past its deadline: cancel at the provider where possible, then fail. */
async function timeOut(deps: EngineDeps, claim: Claim, reason: string): Promise<void> {
  const operation = claim.row.operation;
  if (claim.provider.cancel && operation !== null && operation !== undefined) {
    await claim.provider.cancel(operation as never).catch((error: unknown) => {
      claim.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'provider cancel failed',
      );
    });
  }
  await finishWithError(
    deps,
    claim,
    new ReelgateError({
      code: 'timed_out',
      message: `The generation timed out: ${reason}.`,
      hint: 'Try again later or with a shorter or lower-resolution video; the provider may be congested.',
    }),
  );
}

/** The completed status a sweep listed for the row's current job, if any. */
function listedCompletion(row: GenerationRow): StatusResult | undefined {
  const listed = row.listed_result as { jobId?: unknown; result?: StatusResult } | null;
  if (!listed || listed.jobId !== row.provider_job_id || listed.result?.status !== 'completed')
    return undefined;
  return listed.result;
}

function capAtDeadline(at: number, deadline: number | null, now: number): number {
  return deadline !== null && at > deadline ? Math.max(deadline, now) : at;
}

/** A last-frame link the provider returned (a later segment starts from it instead of a decoded frame). */
function returnedLastFrame(
  deps: EngineDeps,
  row: GenerationRow,
  metadata: Record<string, Record<string, unknown>> | undefined,
): { lastFrameUrl?: string } {
  const url = returnedLastFrameUrl(deps.catalog.find(row.model), metadata);
  return url ? { lastFrameUrl: url } : {};
}
