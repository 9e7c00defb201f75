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
import { readReferenceImage } from './reference-image.ts';

export async function runStart(deps: EngineDeps, claim: Claim): Promise<void> {
  const now = deps.clock.now();
  let row = claim.row;
  if (row.deadline_at !== null && now >= row.deadline_at && row.start_attempts > 0) {
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
  row = await commit(deps, claim, 'submitted', { start_attempts: row.start_attempts + 1 });
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
  const providerOptions = (row.inputs.providerOptions ?? {}) as Record<string, Record<string, JSONValue>>;
  await deps.hooks?.at?.('start:before-send', row.id);
  let result: Awaited<ReturnType<NonNullable<typeof model.doStart>>>;
  try {
    result = await model.doStart({
      prompt: row.prompt,
      n: 1,
      aspectRatio: undefined,
      resolution: row.size as `${number}x${number}`,
      duration: row.duration_seconds,
      fps: undefined,
      seed: undefined,
      image,
      frameImages: undefined,
      inputReferences: undefined,
      generateAudio: undefined,
      providerOptions,
      headers: { 'Idempotency-Key': row.idempotency_key },
      abortSignal: claim.signal,
    });
    deps.metrics.providerCalls.inc({ provider: claim.provider.name, call: 'start', outcome: 'ok' });
  } catch (thrown) {
    const error = claim.provider.classifyError(thrown, deps.clock.now());
    deps.metrics.providerCalls.inc({ provider: claim.provider.name, call: 'start', outcome: error.code });
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
        provider_status: `start_error:${error.code}`,
      });
      return;
    }
    await finishWithError(deps, claim, error);
    return;
  }
  await deps.hooks?.at?.('start:sent', row.id);
  const submittedAt = deps.clock.now();
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
  const warnings = [...row.warnings, ...result.warnings.map(describeWarning)];
  row = await commit(deps, claim, 'running', {
    operation: result.operation,
    provider_job_id: claim.provider.jobIdOf(result.operation) ?? null,
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
