/**
 * Step `accepted`/`submitted`: send the billable start, idempotently. The row moves to
 * `submitted` BEFORE the request goes out, so a crash after sending is found on restart and
 * reconciled by re-sending with the same Idempotency-Key (the provider answers with the job it
 * already made) instead of paying for a second one.
 */
import type { JSONValue } from '@ai-sdk/provider';
import { retryDelayMs } from '../../core/backoff.ts';
import { displayEta } from '../../core/eta.ts';
import { ReelgateError } from '../../core/errors.ts';
import { planNextCheck } from '../../core/poll-schedule.ts';
import type { EngineDeps } from '../engine-deps.ts';
import {
  backoffPolicy,
  type Claim,
  commit,
  emit,
  expectedTotalMs,
  finishWithError,
  pollPolicy,
} from '../step-context.ts';
import { fallBackAfterStartFailure } from '../fallback.ts';
import { startOptionsOf } from '../start-options.ts';
import { beginProviderCall } from '../step-telemetry.ts';
import { lastStartAmbiguous, settleAmbiguousStart, startFailureStatus } from './ambiguous-start.ts';
import { readReferenceImage } from './reference-image.ts';
import { readAssetReferences } from './asset-references.ts';
import { withSourceVideo } from './source-video.ts';

export async function runStart(deps: EngineDeps, claim: Claim): Promise<void> {
  const now = deps.clock.now();
  let row = claim.row;
  const pastDeadline = row.deadline_at !== null && now >= row.deadline_at && row.start_attempts > 0;
  // An unconfirmed start is settled before the deadline is applied: a job it made is adopted
  // (or, on a deduplicating provider, got back by re-sending its key) rather than lost.
  const ambiguous = lastStartAmbiguous(claim);
  if (ambiguous) {
    const settlement = await settleAmbiguousStart(deps, claim);
    if (settlement.kind === 'adopt') {
      const { job } = settlement;
      claim.log.warn(
        { jobId: job.jobId, matchedBy: job.matchedBy },
        'adopted the job an unconfirmed start made',
      );
      await recordStarted(deps, claim, job.operation, [
        `The start was not confirmed; the job it made (${job.jobId}) was found at the provider by ${job.matchedBy === 'reference' ? "reelgate's reference" : 'prompt, model and time'} and adopted, nothing was re-sent.`,
      ]);
      return;
    }
    if (settlement.kind === 'wait' && (!pastDeadline || settlement.resend)) {
      await commit(deps, claim, 'submitted', { next_check_at: settlement.untilMs });
      return;
    }
    if (settlement.kind === 'unconfirmed' || settlement.kind === 'wait') {
      await finishWithError(
        deps,
        claim,
        new ReelgateError({
          code: 'start_unconfirmed',
          message: `The provider did not confirm the start of generation ${row.id} and no job was found for it.`,
          hint: 'A job may exist at the provider (and be billed); nothing was re-sent. If it turns up later, reelgate attaches it and stores the video.',
          retryable: false,
        }),
      );
      return;
    }
  }
  if (pastDeadline && !(ambiguous && claim.provider.deduplicatesStarts)) {
    await finishWithError(
      deps,
      claim,
      new ReelgateError({
        code: 'timed_out',
        message: 'The provider did not accept the generation before its deadline.',
      }),
    );
    return;
  }
  row = await commit(deps, claim, 'submitted', {
    start_attempts: row.start_attempts + 1,
    start_sent_at: deps.clock.now(),
  });
  const model = claim.provider.videoModel(row.model_id);
  if (!model.doStart) {
    await finishWithError(
      deps,
      claim,
      new ReelgateError({
        code: 'internal',
        message: `Model ${row.model} cannot start jobs.`,
        retryable: false,
      }),
    );
    return;
  }
  const image = await readReferenceImage(deps, row);
  const options = startOptionsOf(row, claim.provider.name);
  const providerOptions = await withSourceVideo(deps, row, options.providerOptions);
  await deps.hooks?.at?.('start:before-send', row.id);
  let result: Awaited<ReturnType<NonNullable<typeof model.doStart>>>;
  const call = beginProviderCall(deps, claim.provider.name, row, 'start', {
    'reelgate.attempt': row.start_attempts,
  });
  try {
    result = await model.doStart({
      prompt: row.prompt,
      n: 1,
      aspectRatio: undefined,
      resolution: row.size as `${number}x${number}`,
      duration: row.duration_seconds,
      fps: options.fps,
      seed: options.seed,
      image,
      frameImages: undefined,
      inputReferences: await readAssetReferences(deps, row),
      generateAudio: options.generateAudio,
      providerOptions,
      headers: { 'Idempotency-Key': row.idempotency_key },
      abortSignal: claim.signal,
    });
    call.done('ok');
  } catch (thrown) {
    const error = claim.provider.classifyError(thrown, deps.clock.now());
    call.done(error.code);
    if (await fallBackAfterStartFailure(deps, claim, error)) return;
    if (error.retryable && row.start_attempts < deps.policy.maxStartAttempts) {
      const delay = retryDelayMs({
        attempt: row.start_attempts,
        random: deps.random,
        retryAfterMs: retryAfterOf(error),
        policy: backoffPolicy(deps, claim.provider),
      });
      claim.log.info(
        { code: error.code, delayMs: delay, attempt: row.start_attempts },
        'start failed; will retry',
      );
      await commit(deps, claim, 'submitted', {
        attempts: row.attempts + 1,
        next_check_at: deps.clock.now() + delay,
        // Whether this attempt may have made a job decides what the next one does first.
        provider_status: startFailureStatus(thrown, error.code),
      });
      return;
    }
    await finishWithError(deps, claim, error);
    return;
  }
  await deps.hooks?.at?.('start:sent', row.id);
  await recordStarted(deps, claim, result.operation, result.warnings.map(describeWarning));
}

/** Records the provider's job on the row (sent now, or adopted after an unconfirmed start). */
async function recordStarted(
  deps: EngineDeps,
  claim: Claim,
  operation: JSONValue,
  newWarnings: string[],
): Promise<void> {
  let row = claim.row;
  const submittedAt = deps.clock.now();
  deps.metrics.queueWait.observe(
    { provider: claim.provider.name },
    Math.max(0, submittedAt - row.created_at) / 1000,
  );
  const expected = await expectedTotalMs(deps, row, claim.provider);
  const policy = pollPolicy(deps, claim.provider);
  const plan = planNextCheck({
    nowMs: submittedAt,
    submittedAtMs: submittedAt,
    expectedTotalMs: expected,
    firstSample: null,
    lastSample: null,
    deadlineMs: row.deadline_at ?? undefined,
    policy,
  });
  const warnings = [...row.warnings, ...newWarnings];
  row = await commit(deps, claim, 'running', {
    operation,
    provider_job_id: claim.provider.jobIdOf(operation) ?? null,
    provider_status: 'submitted',
    submitted_at: submittedAt,
    attempts: 0,
    expected_total_ms: Math.round(expected),
    next_check_at: plan.nextCheckAtMs,
    eta_at: displayEta(plan.estimate, submittedAt, policy.minIntervalMs),
    warnings,
    error_code: null,
    error_message: null,
  });
  claim.log.info(
    { jobId: row.provider_job_id, nextCheckInMs: plan.nextCheckAtMs - submittedAt },
    'started at provider',
  );
  emit(deps, 'generation:submitted', row);
}

export function retryAfterOf(error: ReelgateError): number | undefined {
  const fromDetails = error.details?.retryAfterMs;
  if (typeof fromDetails === 'number') return fromDetails;
  return error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
}

function describeWarning(warning: {
  type: string;
  feature?: string;
  details?: string;
  message?: string;
}): string {
  if (warning.type === 'other') return warning.message ?? 'provider warning';
  return `${warning.feature ?? 'option'} ${warning.type === 'unsupported' ? 'is not supported by the provider' : `(${warning.type})`}${warning.details ? `: ${warning.details}` : ''}`;
}
