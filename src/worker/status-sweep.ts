/**
 * Status sweeps: with many generations running at a provider whose API lists jobs with their
 * status, one list request reports on a page of them, so the worker reads the list every second
 * or so (src/core/status-sweep.ts decides whether and how often) instead of checking each job on
 * its own. A job the list shows ended makes its generation due now, and the usual status step
 * takes it from there: from the list entry itself where that is the provider's full answer for
 * the job (OpenAI's video object), otherwise with a check of its own; a listing never moves a
 * generation by itself. A job the list shows running takes the listed progress; its own checks
 * are deferred (detecting) or re-planned from that progress (sampling), never past its deadline.
 * Jobs the list does not reach keep their own checks. Every worker may sweep; a shared turn
 * (0062) lets one of them sweep each provider per interval. A failed listing pauses that
 * provider's sweeps for a while (the generations keep their own checks meanwhile).
 */
import { displayEta, observeProgress } from '../core/eta.ts';
import { planStatusSweep, scaledSweepIntervalMs, type StatusSweepPlan } from '../core/status-sweep.ts';
import { type GenerationRow, progressTrackOf } from '../db/queries/generation-row.ts';
import {
  applySweep,
  runningByJobIds,
  summariseRunning,
  type SweptRow,
  takeSweepTurn,
} from '../db/queries/status-sweeps.ts';
import type { JobStatusListing, ListedJobStatus, ProviderBinding } from '../providers/provider-port.ts';
import type { EngineDeps } from './engine-deps.ts';
import { codeLabel } from './metrics.ts';
import { emit, planCheckFromProgress, pollPolicy } from './step-context.ts';

/** Listed jobs may have been created this long before our record of the start (real time). */
const creationSlackMs = 30_000;
/** How long to wait before counting again when sweeping does not pay (real-provider time), and the floor for a fast emulator. */
const recountMs = 10_000;
const recountFloorMs = 1_000;

export class StatusSweeper {
  readonly #deps: EngineDeps;
  /** When this worker next looks at each provider. */
  readonly #nextLookAt = new Map<string, number>();

  constructor(deps: EngineDeps) {
    this.#deps = deps;
  }

  /** When this worker next looks at a provider's list (undefined: no provider has one, or sweeps are off). */
  nextSweepAt(): number | undefined {
    if (!this.#deps.policy.statusSweep.enabled) return undefined;
    let next: number | undefined;
    for (const provider of this.#sweepable()) {
      const at = this.#nextLookAt.get(provider.name) ?? 0;
      next = next === undefined ? at : Math.min(next, at);
    }
    return next;
  }

  /** Sweeps each provider whose turn has come; returns how many generations were made due. */
  async sweep(signal?: AbortSignal): Promise<number> {
    let due = 0;
    if (!this.#deps.policy.statusSweep.enabled) return due;
    for (const provider of this.#sweepable()) {
      if (signal?.aborted) break;
      if (this.#deps.clock.now() < (this.#nextLookAt.get(provider.name) ?? 0)) continue;
      const swept = await this.#sweepProvider(provider, signal).catch((error: unknown) => {
        this.#deps.logger.warn({ provider: provider.name, err: String(error) }, 'status sweep failed');
        return undefined;
      });
      due += swept ?? 0;
    }
    return due;
  }

  /** One provider's sweep, if its turn has come; returns how many generations were made due. */
  async #sweepProvider(provider: ProviderBinding, signal: AbortSignal | undefined): Promise<number> {
    const deps = this.#deps;
    const scale = Math.max(1, provider.timeScale);
    const now = deps.clock.now();
    const running = await summariseRunning(deps.db, provider.name, now);
    // Planned at real-provider speed, so an emulator is swept exactly when the real one would be.
    const plan = planStatusSweep({
      inFlight: running.count,
      meanRunMs: (running.meanExpectedMs ?? pollPolicy(deps, provider).minIntervalMs * 30) * scale,
      listShowsProgress: provider.listShowsProgress ?? false,
      policy: deps.policy.statusSweep,
    });
    if (!plan || running.oldestSubmittedAt === null) {
      this.#nextLookAt.set(provider.name, now + Math.max(recountFloorMs, recountMs / scale));
      return 0;
    }
    const intervalMs = scaledSweepIntervalMs(plan.intervalMs, scale);
    this.#nextLookAt.set(provider.name, now + intervalMs);
    if (!(await takeSweepTurn(deps.db, provider.name, now, intervalMs))) return 0;
    if (deps.rateLimiter && !(await deps.rateLimiter.acquire(provider, plan.pages)).granted) {
      deps.metrics.throttled.inc({ provider: provider.name });
      return 0;
    }
    const calls = (outcome: string, count = 1) =>
      deps.metrics.providerCalls.inc({ provider: provider.name, call: 'list', outcome }, count);
    let listing: JobStatusListing;
    try {
      listing = await provider.listJobStatuses!(running.oldestSubmittedAt - creationSlackMs / scale, {
        maxPages: plan.pages,
        // Jobs in the first half of their expected run cannot be finishing: where that saves pages,
        // the list starts after them (one page shows them anyway, with their progress for the app).
        startAfterJobId: plan.pages > 1 ? (running.youngBoundaryJobId ?? undefined) : undefined,
        signal,
      });
    } catch (error) {
      // The generations keep their own checks (deferred by a few intervals at most); a provider
      // refusing its list (rate limit, outage) is not asked again every interval.
      calls(codeLabel(provider.classifyError(error, deps.clock.now()).code));
      this.#nextLookAt.set(provider.name, now + Math.max(recountFloorMs, recountMs / scale));
      throw error;
    }
    calls('ok', listing.calls);
    const listed = new Map(listing.jobs.map((job) => [job.jobId, job]));
    const rows = await runningByJobIds(deps.db, provider.name, [...listed.keys()]);
    const seenAt = deps.clock.now();
    const swept = rows
      .map((row) =>
        this.#sweptRow(provider, plan.mode, intervalMs, row, listed.get(row.provider_job_id!)!, seenAt),
      )
      .filter((row): row is SweptRow => row !== undefined);
    const changed = await applySweep(deps.db, swept, seenAt);
    const due = swept.filter((row) => row.dueNow).length;
    if (due > 0) deps.metrics.sweepFinds.inc({ provider: provider.name }, due);
    // Progress, or the move from queued to running, is news to the app (as after a status check).
    const before = new Map(rows.map((row) => [row.id, row]));
    for (const row of changed) {
      const was = before.get(row.id);
      if (!was || row.state !== 'running') continue;
      if (row.progress > was.progress || row.provider_status !== was.provider_status)
        emit(deps, 'generation:progress', row);
    }
    return due;
  }

  /** What the listing means for one row; undefined leaves the row to its own checks. */
  #sweptRow(
    provider: ProviderBinding,
    mode: StatusSweepPlan['mode'],
    intervalMs: number,
    row: GenerationRow,
    job: ListedJobStatus,
    now: number,
  ): SweptRow | undefined {
    const deps = this.#deps;
    // Past its deadline the status step decides (extend while moving, or time out).
    if (row.deadline_at !== null && now >= row.deadline_at) return undefined;
    const base = {
      id: row.id,
      readUpdatedAt: row.updated_at,
      providerStatus: job.providerStatus,
      startedAt: row.started_at ?? (job.started ? now : null),
    };
    if (job.state !== 'pending') {
      return {
        ...base,
        nextCheckAt: now,
        dueNow: true,
        track: progressTrackOf(row),
        etaAt: row.eta_at,
        // Completed with everything a status check would say: stored without asking again.
        listedResult: job.result ? { jobId: job.jobId, result: job.result } : null,
      };
    }
    const seen = observeProgress(progressTrackOf(row), Math.max(row.progress, job.progress ?? 0), now);
    const poll = pollPolicy(deps, provider);
    // The same plan a status check makes (src/core/poll-schedule.ts).
    const plan = planCheckFromProgress(row, seen, now, row.deadline_at, poll);
    const deferred = Math.max(
      row.next_check_at ?? now,
      Math.min(
        now + deps.policy.statusSweep.deferIntervals * intervalMs,
        row.deadline_at ?? Number.POSITIVE_INFINITY,
      ),
    );
    // detect: the sweep finds the finish. sample: a check of its own lands on the predicted finish;
    // for an overdue job (its progress stalled) one only where it comes well before the next sweep.
    const overdue = plan.estimate.finishAtMs <= now;
    const ownCheck = mode === 'sample' && (!overdue || plan.nextCheckAtMs <= now + intervalMs / 2);
    return {
      ...base,
      nextCheckAt: ownCheck ? plan.nextCheckAtMs : deferred,
      dueNow: false,
      track: seen.track,
      etaAt: displayEta(plan.estimate, now, poll.minIntervalMs),
      listedResult: null,
    };
  }

  #sweepable(): ProviderBinding[] {
    return [...this.#deps.providers.values()].filter((provider) => provider.listJobStatuses !== undefined);
  }
}
