/**
 * The worker loop: claims due generations from the database (`FOR UPDATE SKIP LOCKED` plus a
 * lease) and drives each one step at a time through the state machine. Nothing waits in memory
 * per job: "check again in 20 s" is a `next_check_at` on the row, so any worker (this one after
 * a restart, or another process) picks the work up where it stopped.
 *
 * @example
 * const worker = new Worker(deps, { workerId: 'w1', concurrency: 4 });
 * worker.start();
 * await worker.stop(); // stops claiming, finishes steps in flight, releases leases
 */
import { hostname } from 'node:os';
import { ReelgateError } from '../core/errors.ts';
import type { HeldSessionLock } from '../db/engine-db.ts';
import {
  claimDue,
  nextDueAt,
  releaseAllLeases,
  releaseLeases,
  renewLease,
  workerLockClass,
} from '../db/queries/claim-due.ts';
import type { GenerationRow } from '../db/queries/generation-row.ts';
import { updateFenced } from '../db/queries/update-generation.ts';
import type { EngineDeps } from './engine-deps.ts';
import { type Claim, finishWithError, LostClaim } from './step-context.ts';
import { runDownload, runFinalize } from './steps/download.ts';
import { runStart } from './steps/start.ts';
import { isSegmentedRow, runSegmented } from './segments/composite-step.ts';
import { bindingForGeneration } from '../providers/job-lost.ts';
import { runStatusCheck } from './steps/status.ts';
import { LateAdoption } from './late-adoption.ts';
import { StatusSweeper } from './status-sweep.ts';

/** States whose step sends a request to the provider (and so takes a rate-limit slot). */
const callsProvider: ReadonlySet<string> = new Set(['accepted', 'submitted', 'running', 'downloading']);

export interface WorkerOptions {
  /** Stable id of this worker (default host:pid:random). */
  workerId?: string | undefined;
  /** Generations processed at once (default 4). */
  concurrency?: number | undefined;
  /** Longest sleep when nothing is due, so rows inserted by other processes are found (default 1 s). */
  idlePollMs?: number | undefined;
  /** Steps per claim before the row is handed back (default 6). */
  maxStepsPerClaim?: number | undefined;
}

export class Worker {
  readonly workerId: string;
  readonly #deps: EngineDeps;
  readonly #concurrency: number;
  readonly #idlePollMs: number;
  readonly #maxStepsPerClaim: number;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  #wake = new AbortController();
  #loop: Promise<void> | undefined;
  #running = false;
  /** Rows this worker is processing now (never claimed again meanwhile). */
  readonly #processing = new Set<string>();
  /** PostgreSQL: this worker's liveness lock; others take over its leases once it is gone. */
  #liveness: HeldSessionLock | undefined;
  /** Ended generations whose paid job may still turn up (src/worker/late-adoption.ts). */
  readonly #lateAdoption: LateAdoption;
  #nextLateSweepAt = 0;
  #lateSweep: Promise<unknown> | undefined;
  /** Reads providers' job lists for many running generations at once (src/worker/status-sweep.ts). */
  readonly #statusSweeper: StatusSweeper;
  #statusSweep: Promise<unknown> | undefined;

  constructor(deps: EngineDeps, options: WorkerOptions = {}) {
    this.#deps = deps;
    this.workerId =
      options.workerId ?? `${hostname()}:${process.pid}:${Math.floor(deps.random.next() * 1e9).toString(36)}`;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#idlePollMs = options.idlePollMs ?? 1_000;
    this.#maxStepsPerClaim = options.maxStepsPerClaim ?? 6;
    this.#lateAdoption = new LateAdoption(deps, this.workerId);
    this.#statusSweeper = new StatusSweeper(deps);
  }

  get running(): boolean {
    return this.#running;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts the background loop, after taking over what dead processes left (`recover`). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      await this.recover().catch((error: unknown) =>
        this.#deps.logger.error({ err: String(error) }, 'worker recovery failed'),
      );
      await this.#run();
    })();
  }

  /**
   * Takes over at once the work of processes that died. Embedded database: only one process can
   * open it, so every lease found now belongs to a dead one and all are freed. PostgreSQL: this
   * worker takes its liveness lock (held on its own connection while it lives); any lease whose
   * owner holds none is claimable at once. A restarted worker with the same id frees its own.
   * Fencing by `lease_token` is unchanged: a slow (not dead) holder cannot write over the new owner.
   */
  async recover(): Promise<void> {
    const db = this.#deps.db;
    if (db.kind === 'pglite') {
      const freed = await releaseAllLeases(db);
      if (freed > 0) this.#deps.logger.info({ freed }, 'took over the leases of a previous process');
      return;
    }
    await releaseLeases(db, this.workerId);
    if (db.holdSessionLock && !this.#liveness) {
      this.#liveness = await db.holdSessionLock(workerLockClass, this.workerId);
    }
  }

  /**
   * Looks ended generations (start_unconfirmed, timed_out) up once more and reopens those whose
   * job turned up; returns how many were reopened. The loop runs this on its own schedule.
   */
  async adoptLateJobs(): Promise<number> {
    if (this.#deps.policy.lateAdoption.windowMs <= 0) return 0;
    const reopened = await this.#lateAdoption.sweep(this.#stopping.signal);
    if (reopened.length > 0) this.wake();
    return reopened.length;
  }

  /**
   * Reads the job list of each provider whose sweep is due (src/worker/status-sweep.ts); jobs it
   * shows ended make their generations due now. Returns how many. The loop runs this on its own
   * schedule; drivers on fake time call it when `nextStatusSweepAt` comes.
   */
  async sweepStatuses(): Promise<number> {
    const due = await this.#statusSweeper.sweep(this.#stopping.signal);
    if (due > 0) this.wake();
    return due;
  }

  /** When this worker next reads a provider's job list (undefined: none is read). */
  nextStatusSweepAt(): number | undefined {
    return this.#statusSweeper.nextSweepAt();
  }

  /** Runs the next late-adoption sweep soon (a provider reported a job reelgate does not know). */
  requestLateAdoption(): void {
    this.#nextLateSweepAt = 0;
    this.wake();
  }

  /** Ends a sleep early: new work was created or a webhook said a job changed. */
  wake(): void {
    this.#wake.abort();
  }

  /** Stops claiming, lets steps in flight finish (up to `graceMs`), then releases held leases. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.wake();
    await this.#loop;
    const settled = Promise.allSettled([...this.#inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref?.();
    });
    await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    this.#stopping.abort(new Error('worker stopping'));
    await this.#lateSweep;
    await this.#statusSweep;
    await releaseLeases(this.#deps.db, this.workerId).catch(() => 0);
    await this.#liveness?.release();
    this.#liveness = undefined;
  }

  /**
   * Claims and processes everything due now, until nothing is due (for tests on fake time and
   * for one-shot runs). Returns the number of claims processed.
   */
  async drain(maxRounds = 100): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const rows = await this.#claim(this.#concurrency);
      if (rows.length === 0) break;
      total += rows.length;
      await Promise.all(rows.map((row) => this.#process(row)));
    }
    return total;
  }

  /** When the next generation is due (undefined when none is active). */
  nextDueAt(): Promise<number | undefined> {
    return nextDueAt(this.#deps.db, this.#liveOptions());
  }

  #liveOptions(): { ownersAlive: boolean; exclude: string[] } {
    return { ownersAlive: this.#liveness?.held === true, exclude: [...this.#processing] };
  }

  async #run(): Promise<void> {
    const { clock, logger } = this.#deps;
    let failures = 0;
    while (this.#running) {
      this.#wake = new AbortController();
      try {
        const capacity = this.#concurrency - this.#inFlight.size;
        let claimed = 0;
        if (capacity > 0) {
          const rows = await this.#claim(capacity);
          claimed = rows.length;
          for (const row of rows) this.#track(this.#process(row));
        }
        failures = 0;
        this.#maybeSweepLateJobs();
        this.#maybeSweepStatuses();
        if (claimed > 0 && claimed === capacity) continue;
        let waitMs = this.#idlePollMs;
        const sweepAt = this.#statusSweep ? undefined : this.#statusSweeper.nextSweepAt();
        if (sweepAt !== undefined) waitMs = Math.min(waitMs, Math.max(0, sweepAt - clock.now()));
        if (this.#inFlight.size < this.#concurrency) {
          const next = await nextDueAt(this.#deps.db, this.#liveOptions());
          if (next !== undefined) waitMs = Math.min(waitMs, Math.max(0, next - clock.now()));
        }
        if (waitMs > 0 && this.#running) await clock.sleep(waitMs, this.#wake.signal).catch(() => {});
      } catch (error) {
        failures += 1;
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'worker loop error');
        await clock
          .sleep(Math.min(30_000, 200 * 2 ** Math.min(failures, 8)), this.#wake.signal)
          .catch(() => {});
      }
    }
  }

  #maybeSweepLateJobs(): void {
    const now = this.#deps.clock.now();
    if (this.#lateSweep || now < this.#nextLateSweepAt) return;
    this.#nextLateSweepAt = now + this.#lateAdoption.sweepEveryMs();
    this.#lateSweep = this.adoptLateJobs()
      .catch((error: unknown) => this.#deps.logger.warn({ err: String(error) }, 'late adoption failed'))
      .finally(() => {
        this.#lateSweep = undefined;
      });
  }

  #maybeSweepStatuses(): void {
    const due = this.#statusSweeper.nextSweepAt();
    if (this.#statusSweep || due === undefined || this.#deps.clock.now() < due) return;
    this.#statusSweep = this.sweepStatuses()
      .catch((error: unknown) => this.#deps.logger.warn({ err: String(error) }, 'status sweep failed'))
      .finally(() => {
        this.#statusSweep = undefined;
        // The loop's sleep was chosen while this ran: let it pick the next sweep's time.
        this.wake();
      });
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    this.#deps.metrics.inFlight.set(this.#inFlight.size);
    void work.finally(() => {
      this.#inFlight.delete(work);
      this.#deps.metrics.inFlight.set(this.#inFlight.size);
      // A slot is free and the step may have left the row due again.
      this.wake();
    });
  }

  async #claim(limit: number): Promise<GenerationRow[]> {
    const rows = await claimDue(this.#deps.db, {
      workerId: this.workerId,
      nowMs: this.#deps.clock.now(),
      leaseMs: this.#deps.policy.leaseMs,
      limit,
      ...this.#liveOptions(),
    });
    for (const row of rows) this.#processing.add(row.id);
    return rows;
  }

  /**
   * Keeps a claim's lease alive while its steps run (a slow start or a stalled download must not
   * let the lease lapse and the row be claimed a second time); aborts the claim when the lease
   * was lost. Returns a stop function.
   */
  #heartbeat(claim: Claim, lost: AbortController): () => void {
    const deps = this.#deps;
    const stop = new AbortController();
    const every = Math.max(10, Math.floor(deps.policy.leaseMs / 3));
    void (async () => {
      while (!stop.signal.aborted) {
        try {
          await deps.clock.sleep(every, stop.signal);
        } catch {
          return;
        }
        if (stop.signal.aborted) return;
        const kept = await renewLease(deps.db, {
          id: claim.row.id,
          workerId: this.workerId,
          token: claim.token,
          untilMs: deps.clock.now() + deps.policy.leaseMs,
        }).catch(() => true);
        if (!kept) {
          lost.abort(new Error('lease lost'));
          return;
        }
      }
    })();
    return () => stop.abort();
  }

  /**
   * One request slot of the provider's shared rate limit; when none is free the row is deferred
   * (`next_check_at`) instead of sleeping, and false is returned.
   */
  async #takeProviderSlot(claim: Claim): Promise<boolean> {
    const deps = this.#deps;
    if (!deps.rateLimiter) return true;
    // A download step also fetches the extra variants (thumbnail, spritesheet).
    const provider = claim.provider;
    const cost = claim.row.state === 'downloading' ? 1 + provider.extraVariants.length : 1;
    const decision = await deps.rateLimiter.acquire(provider, cost);
    if (decision.granted) return true;
    deps.metrics.throttled.inc({ provider: claim.provider.name });
    const row = await updateFenced(
      deps.db,
      claim.row.id,
      { workerId: this.workerId, token: claim.token, state: claim.row.state },
      { next_check_at: deps.clock.now() + decision.retryInMs },
      deps.clock.now(),
    );
    if (row) claim.row = row;
    return false;
  }

  /** Runs steps for one claimed row while it stays due, then hands the lease back. */
  async #process(row: GenerationRow): Promise<void> {
    const deps = this.#deps;
    const log = deps.logger.child({ generationId: row.id });
    const configured = deps.providers.get(row.provider);
    // Errors the provider's binding maps for this claim name the generation.
    const provider = configured ? bindingForGeneration(configured, row.id) : undefined;
    const lost = new AbortController();
    const claim: Claim = {
      row,
      workerId: this.workerId,
      token: row.lease_token,
      provider: provider!,
      log,
      signal: AbortSignal.any([this.#stopping.signal, lost.signal]),
    };
    const stopHeartbeat = this.#heartbeat(claim, lost);
    try {
      if (!provider) {
        await finishWithError(
          deps,
          claim,
          new ReelgateError({
            code: 'internal',
            message: `Provider ${row.provider} is not configured in this process.`,
            retryable: false,
          }),
        );
        return;
      }
      for (let step = 0; step < this.#maxStepsPerClaim; step++) {
        const current = claim.row;
        // A segmented video's own row makes no provider call: its segments do (src/worker/segments).
        const segmented = isSegmentedRow(current);
        if (callsProvider.has(current.state) && !segmented && !(await this.#takeProviderSlot(claim))) break;
        if (segmented) {
          if (['accepted', 'submitted', 'running', 'downloading', 'stored'].includes(current.state)) {
            await runSegmented(deps, claim);
          } else return;
        } else
          switch (current.state) {
            case 'accepted':
            case 'submitted':
              await runStart(deps, claim);
              break;
            case 'running':
              await runStatusCheck(deps, claim);
              break;
            case 'downloading':
              await runDownload(deps, claim);
              break;
            case 'stored':
              await runFinalize(deps, claim);
              break;
            default:
              return;
          }
        const next = claim.row.next_check_at;
        if (next === null || next > deps.clock.now() || (!this.#running && this.#loop)) break;
      }
    } catch (error) {
      if (error instanceof LostClaim) {
        log.info('claim lost (canceled, deleted or taken over); step abandoned');
        return;
      }
      log.error({ err: error instanceof Error ? error.stack : String(error) }, 'step failed unexpectedly');
      if (claim.row.attempts + 1 >= 20) {
        // A step that keeps failing for reasons we do not understand must not loop forever.
        await finishWithError(
          deps,
          claim,
          new ReelgateError({
            code: 'internal',
            message: 'The generation failed repeatedly inside reelgate.',
          }),
        ).catch(() => undefined);
        return;
      }
      // Leave the row to be retried after a pause rather than losing it.
      await updateFenced(
        deps.db,
        claim.row.id,
        { workerId: this.workerId, token: claim.token, state: claim.row.state },
        {
          next_check_at: deps.clock.now() + 5_000 / Math.max(1, provider?.timeScale ?? 1),
          attempts: claim.row.attempts + 1,
        },
        deps.clock.now(),
      ).catch(() => undefined);
    } finally {
      stopHeartbeat();
      this.#processing.delete(row.id);
      await deps.db
        .query(
          'UPDATE generations SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2 AND lease_token = $3',
          [claim.row.id, this.workerId, claim.token],
        )
        .catch(() => undefined);
    }
  }
}
