/**
 * Late adoption: a paid job that turns up after its generation ended is not lost. Generations
 * that ended `start_unconfirmed` (no job found in time) or `timed_out` (the job did not finish
 * by the deadline) are looked up again for a while (`lateAdoption.windowMs`, real provider
 * time): a job found for an unconfirmed start (by the provider's lookup, never one another
 * generation has) or a timed-out job that has since completed reopens the generation to
 * `running` with that job, and the usual steps store its video. The history shows the move
 * (`failed -> running` by `late-adoption:<worker>`) and a warning says what happened.
 */
import type { JSONValue } from '@ai-sdk/provider';
import { listLateAdoptionCandidates, reopenWithLateJob } from '../db/queries/late-adoption.ts';
import type { GenerationRow } from '../db/queries/generation-row.ts';
import type { ProviderBinding } from '../providers/provider-port.ts';
import type { EngineDeps, LateAdoptionPolicy } from './engine-deps.ts';
import { emit } from './step-context.ts';
import { findUnlinkedJob } from './steps/ambiguous-start.ts';

/** Candidates read per sweep; the rest wait for the next one. */
const batch = 50;

export class LateAdoption {
  readonly #deps: EngineDeps;
  readonly #actor: string;
  /** When each candidate was last looked up by this worker. */
  readonly #lookedUpAt = new Map<string, number>();

  constructor(deps: EngineDeps, workerId: string) {
    this.#deps = deps;
    this.#actor = `late-adoption:${workerId}`;
  }

  /** How often a sweep is worth running: the shortest per-row interval of any provider. */
  sweepEveryMs(): number {
    const policy = this.#policy();
    let fastest = 1;
    for (const provider of this.#deps.providers.values()) fastest = Math.max(fastest, provider.timeScale);
    // Never more often than every 5 s: each sweep is a query (and lookups) of its own.
    return Math.max(5_000, policy.everyMs / fastest);
  }

  /** Looks ended generations up once more; returns the ones reopened with a job. */
  async sweep(signal?: AbortSignal): Promise<GenerationRow[]> {
    const deps = this.#deps;
    const policy = this.#policy();
    const now = deps.clock.now();
    const candidates = await listLateAdoptionCandidates(deps.db, {
      sinceMs: now - policy.windowMs / this.#slowestScale(),
      limit: batch,
    });
    const seen = new Set<string>();
    const reopened: GenerationRow[] = [];
    for (const row of candidates) {
      seen.add(row.id);
      const provider = deps.providers.get(row.provider);
      if (!provider || signal?.aborted) continue;
      const scale = Math.max(1, provider.timeScale);
      if (row.updated_at < now - policy.windowMs / scale) continue;
      const last = this.#lookedUpAt.get(row.id);
      if (last !== undefined && now - last < policy.everyMs / scale) continue;
      this.#lookedUpAt.set(row.id, now);
      const job = await this.#findJob(provider, row, signal).catch((error: unknown) => {
        deps.logger.warn({ generationId: row.id, err: String(error) }, 'late lookup failed');
        return undefined;
      });
      if (!job) continue;
      const updated = await reopenWithLateJob(deps.db, {
        id: row.id,
        fromCode: row.error_code!,
        operation: job.operation,
        jobId: job.jobId,
        warning: `The provider's job ${job.jobId} turned up after this generation had ended (${row.error_code}); it was attached and its video stored.`,
        deadlineAtMs: row.deadline_at === null ? null : now + Math.max(0, row.deadline_at - row.created_at),
        actor: this.#actor,
        nowMs: now,
      });
      if (!updated) continue;
      this.#lookedUpAt.delete(row.id);
      deps.metrics.ambiguousStarts.inc({ provider: provider.name, outcome: 'adopted_late' });
      deps.logger.warn(
        { generationId: row.id, jobId: job.jobId, code: row.error_code },
        'a job turned up after its generation ended; attached',
      );
      emit(deps, 'generation:progress', updated);
      reopened.push(updated);
    }
    // Forget rows that left the window (or were reopened elsewhere).
    for (const id of this.#lookedUpAt.keys()) if (!seen.has(id)) this.#lookedUpAt.delete(id);
    return reopened;
  }

  async #findJob(
    provider: ProviderBinding,
    row: GenerationRow,
    signal: AbortSignal | undefined,
  ): Promise<{ operation: JSONValue; jobId: string } | undefined> {
    if (row.provider_job_id && row.operation !== null && row.operation !== undefined) {
      // The job is known and ran past the deadline: attach it once the provider says it is done.
      const model = provider.videoModel(row.model_id);
      if (!model.doStatus) return undefined;
      const result = await model.doStatus({
        operation: row.operation as never,
        ...(signal ? { abortSignal: signal } : {}),
      });
      return result.status === 'completed'
        ? { operation: row.operation as JSONValue, jobId: row.provider_job_id }
        : undefined;
    }
    return findUnlinkedJob(this.#deps, provider, row, signal);
  }

  #policy(): LateAdoptionPolicy {
    return this.#deps.policy.lateAdoption;
  }

  #slowestScale(): number {
    let slowest = Number.POSITIVE_INFINITY;
    for (const provider of this.#deps.providers.values())
      slowest = Math.min(slowest, Math.max(1, provider.timeScale));
    return Number.isFinite(slowest) ? slowest : 1;
  }
}
