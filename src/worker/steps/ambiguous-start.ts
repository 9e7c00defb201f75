/**
 * Settling a start whose outcome is unknown: the request may have made a paid job at the
 * provider (a timeout or reset after sending, a 5xx, a crash between marking the row
 * `submitted` and recording the answer). On a provider that deduplicates starts by
 * Idempotency-Key the start is re-sent with the same key, once the first request has surely been
 * answered. On one that does not, the job is
 * looked up first (`findLostJobs`) and adopted when found — never a job another generation
 * already has; when nothing turns up within the grace window, REELGATE_AMBIGUOUS_START decides:
 * `fail` (start_unconfirmed, nothing re-sent) or `retry` (re-send, a second job possible).
 */
import { classifyStartFailure, providerAnswered } from '../../core/start-outcome.ts';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import type { FoundJob, ProviderBinding } from '../../providers/provider-port.ts';
import type { EngineDeps } from '../engine-deps.ts';
import type { Claim } from '../step-context.ts';

/** provider_status of a start that failed without making a job (safe to re-send). */
export const notCreatedPrefix = 'start_error:';
/** provider_status of a start whose outcome is unknown and that got no answer (timeout, reset). */
export const maybeCreatedPrefix = 'start_unknown:';
/** provider_status of a start that may have made a job and was answered (a 5xx). */
export const answeredMaybeCreatedPrefix = 'start_failed:';

export function startFailureStatus(error: unknown, code: string): string {
  if (classifyStartFailure(error) === 'not_created') return `${notCreatedPrefix}${code}`;
  return `${providerAnswered(error) ? answeredMaybeCreatedPrefix : maybeCreatedPrefix}${code}`;
}

/** True when the last start of this row may have made a job we have not recorded. */
export function lastStartAmbiguous(claim: Claim): boolean {
  const row = claim.row;
  if (row.state !== 'submitted' || row.start_attempts === 0 || row.provider_job_id) return false;
  return !(row.provider_status ?? '').startsWith(notCreatedPrefix);
}

export type Settlement =
  | { kind: 'send' }
  | { kind: 'adopt'; job: FoundJob }
  /** Look again at `untilMs`; `resend`: then re-send (a deduplicating provider), even past the deadline. */
  | { kind: 'wait'; untilMs: number; resend?: true }
  | { kind: 'unconfirmed' };

/** What to do about an ambiguous start now. */
export async function settleAmbiguousStart(deps: EngineDeps, claim: Claim): Promise<Settlement> {
  const provider = claim.provider;
  const row = claim.row;
  const now = deps.clock.now();
  const sentAtMs = row.start_sent_at ?? row.updated_at;
  if (provider.deduplicatesStarts) {
    // An answered request is finished at the provider; one never answered (a crash, a timeout) may
    // still be in its hands, so it is re-sent only once it has surely been answered.
    const answered = (row.provider_status ?? '').startsWith(answeredMaybeCreatedPrefix);
    const resendAtMs = answered
      ? now
      : sentAtMs + Math.max(deps.policy.ambiguousResendAfterMs / Math.max(1, provider.timeScale), 5_000);
    if (now < resendAtMs) return { kind: 'wait', untilMs: resendAtMs, resend: true };
    deps.metrics.ambiguousStarts.inc({ provider: provider.name, outcome: 'resent' });
    return { kind: 'send' };
  }
  // Scaled for a fast emulator, but never so short that a listing cannot catch up in real time.
  const graceMs = Math.max(deps.policy.ambiguousGraceMs / Math.max(1, provider.timeScale), 2_000);
  if (provider.findLostJobs) {
    const job = await findUnlinkedJob(deps, provider, row, claim.signal).catch((error: unknown) => {
      claim.log.warn({ err: String(error) }, 'lost-job lookup failed');
      return undefined;
    });
    if (job) {
      deps.metrics.ambiguousStarts.inc({ provider: provider.name, outcome: 'adopted' });
      return { kind: 'adopt', job };
    }
    if (now < sentAtMs + graceMs)
      return { kind: 'wait', untilMs: Math.min(sentAtMs + graceMs, now + graceMs / 4) };
  }
  if (deps.policy.ambiguousStart === 'retry') {
    deps.metrics.ambiguousStarts.inc({ provider: provider.name, outcome: 'retried' });
    return { kind: 'send' };
  }
  deps.metrics.ambiguousStarts.inc({ provider: provider.name, outcome: 'unconfirmed' });
  return { kind: 'unconfirmed' };
}

/**
 * The job the provider's lookup finds for this generation's start (`findLostJobs`): matched by
 * our own reference before attributes, never one another generation already has.
 */
export async function findUnlinkedJob(
  deps: EngineDeps,
  provider: ProviderBinding,
  row: GenerationRow,
  signal?: AbortSignal,
): Promise<FoundJob | undefined> {
  if (!provider.findLostJobs) return undefined;
  const graceMs = Math.max(deps.policy.ambiguousGraceMs / Math.max(1, provider.timeScale), 2_000);
  const found = await provider.findLostJobs(
    {
      generationId: row.id,
      idempotencyKey: row.idempotency_key,
      modelId: row.model_id,
      prompt: row.prompt,
      sentAtMs: row.start_sent_at ?? row.updated_at,
      // Creation times are the provider's clock: allow for skew and a slow send.
      windowMs: Math.max(graceMs, 30_000),
    },
    signal,
  );
  for (const job of found.sort((a, b) => rank(a) - rank(b))) {
    if (!(await linkedElsewhere(deps, provider.name, job.jobId, row.id))) return job;
  }
  return undefined;
}

/** A match by our own reference beats one by attributes. */
function rank(job: FoundJob): number {
  return job.matchedBy === 'reference' ? 0 : 1;
}

/** True when another generation already has this provider job (never adopt it twice). */
async function linkedElsewhere(
  deps: EngineDeps,
  provider: string,
  jobId: string,
  id: string,
): Promise<boolean> {
  const result = await deps.db.query(
    'SELECT 1 FROM generations WHERE provider = $1 AND provider_job_id = $2 AND id <> $3 LIMIT 1',
    [provider, jobId, id],
  );
  return result.rows.length > 0;
}
