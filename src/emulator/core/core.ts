/**
 * The provider-independent heart of the emulator that every face shares: the job store and
 * its timeline, media rendering, fault injection, content policy, rate limiting, webhook
 * delivery and stats.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../core/clock.ts';
import type { Random } from '../../core/random.ts';
import type { RenderSegment } from '../../media/render.ts';
import { checkPrompt, type PolicyVerdict } from './content-policy.ts';
import { type DownloadFault, serveFile } from './download.ts';
import { type FaultInjector, type FaultName, parseFaultHeader } from './faults.ts';
import { EmulatorHttpError } from './http-error.ts';
import type { EmulatorJob, JobFailure, JobStore } from './job-store.ts';
import type { ContentVariant, MediaStore } from './media-store.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { EmulatorStats } from './stats.ts';
import { type JobStatus, planTiming, type ProgressModel, timelineAt } from './timing.ts';
import type { WebhookEvent, WebhookSender } from './webhooks.ts';

export const MODERATION_MESSAGE = 'Your request was blocked by our moderation system.';
/** A rendered result the output check refused (the `output-refusal` fault). */
export const OUTPUT_MODERATION_MESSAGE = 'The generated video was blocked by our moderation system.';
export const INTERNAL_ERROR_MESSAGE = 'Video generation failed due to an internal error. Please try again.';

export interface CreateJobSpec {
  face: string;
  model: string;
  prompt: string;
  width: number;
  height: number;
  /** Seconds of the result; the default single segment shows the prompt. */
  seconds: number;
  /** What the video shows (default: one segment of `seconds` showing the prompt). */
  segments?: RenderSegment[];
  /** An image (path from saveImage) shown as the video's first frames. */
  firstFrameImage?: string | null;
  /** Relative generation cost of the model (default 1). */
  tierFactor?: number;
  idempotencyKey?: string | null;
  attributes?: Record<string, unknown>;
  /** A refusal found by the face (e.g. a reference image showing a face). */
  refusal?: PolicyVerdict | null;
  /** Faults named in an `X-Emulator-Fault` header on the create request. */
  headerFaults?: Set<FaultName>;
  /** Prefix of the job id (default "job_"). */
  idPrefix?: string;
  /** The webhook event for the job's terminal state, or null for none (default: OpenAI's video.* events). */
  webhookEvent?: (job: EmulatorJob, status: 'completed' | 'failed', nowMs: number) => WebhookEvent | null;
}

export interface JobSnapshot {
  status: JobStatus;
  progress: number;
  createdAtMs: number;
  completedAtMs: number | null;
  expiresAtMs: number | null;
  /** True once the result's download lifetime has passed. */
  expired: boolean;
  error: JobFailure | null;
}

export interface EmulatorCoreDeps {
  clock: Clock;
  random: Random;
  speed: number;
  stats: EmulatorStats;
  faults: FaultInjector;
  jobs: JobStore;
  media: MediaStore;
  rateLimiter: RateLimiter | null;
  webhooks: WebhookSender | null;
  /** Accept only this bearer key; any non-empty key when null. */
  apiKey: string | null;
  resultLifetimeMs: number;
  slowResponseMs: number;
  fetch: typeof fetch;
  /**
   * Whether re-sent creates with the same Idempotency-Key return the first job: `on`/`off`
   * force every face, `provider` (default) does what each real API documents.
   */
  idempotency?: IdempotencyMode;
  /** How jobs report progress (default `linear`; see timing.ts). */
  progressModel?: ProgressModel | undefined;
}

/** `provider`: each face as its real API documents; `on`/`off`: every face forced. */
export type IdempotencyMode = 'provider' | 'on' | 'off';

type TerminalListener = (job: EmulatorJob, snapshot: JobSnapshot) => void;

export class EmulatorCore {
  readonly clock: Clock;
  readonly random: Random;
  readonly speed: number;
  readonly stats: EmulatorStats;
  readonly faults: FaultInjector;
  readonly jobs: JobStore;
  readonly media: MediaStore;
  readonly rateLimiter: RateLimiter | null;
  readonly webhooks: WebhookSender | null;
  readonly apiKey: string | null;
  readonly resultLifetimeMs: number;
  readonly slowResponseMs: number;
  /** For fetching reference URLs (loopback only) and similar. */
  readonly fetch: typeof fetch;
  readonly idempotency: IdempotencyMode;
  readonly progressModel: ProgressModel;
  /** Per face: whether its real API documents create deduplication. */
  readonly #faceDeduplicates = new Map<string, boolean>();
  readonly #closing = new AbortController();
  /** Per request: set when a create made its job and the connection is to be reset unanswered. */
  readonly #request = new AsyncLocalStorage<{ resetAfterCreate: boolean }>();
  readonly #listeners = new Set<TerminalListener>();
  readonly #pending = new Set<Promise<unknown>>();

  constructor(deps: EmulatorCoreDeps) {
    this.clock = deps.clock;
    this.random = deps.random;
    this.speed = deps.speed;
    this.stats = deps.stats;
    this.faults = deps.faults;
    this.jobs = deps.jobs;
    this.media = deps.media;
    this.rateLimiter = deps.rateLimiter;
    this.webhooks = deps.webhooks;
    this.apiKey = deps.apiKey;
    this.resultLifetimeMs = deps.resultLifetimeMs;
    this.slowResponseMs = deps.slowResponseMs;
    this.fetch = deps.fetch;
    this.idempotency = deps.idempotency ?? 'provider';
    this.progressModel = deps.progressModel ?? 'linear';
  }

  /** Records what a face's real API documents about create deduplication. */
  registerFace(face: string, documentedDeduplication: boolean): void {
    this.#faceDeduplicates.set(face, documentedDeduplication);
  }

  /** Whether `face` answers a re-sent create (same Idempotency-Key) with the first job. */
  deduplicates(face: string): boolean {
    if (this.idempotency === 'on') return true;
    if (this.idempotency === 'off') return false;
    return this.#faceDeduplicates.get(face) ?? false;
  }

  /** The retry hint sent with emulated 429s: one second, divided by speed (at least 20 ms). */
  get faultRetryAfterMs(): number {
    return Math.max(20, Math.round(1000 / this.speed));
  }

  /** Aborted when the emulator closes; long waits should listen to it. */
  get signal(): AbortSignal {
    return this.#closing.signal;
  }

  /** A fresh random id such as `video_3f2a...` (crypto-random, so restarts never reuse ids). */
  newId(prefix: string, bytes = 24): string {
    return prefix + randomBytes(bytes).toString('hex');
  }

  /** Whether a presented API key is accepted (any non-empty key unless one is configured). */
  acceptsKey(key: string | null | undefined): boolean {
    if (!key) return false;
    return this.apiKey === null || key === this.apiKey;
  }

  /** Counts a create-like call for stats (call this first in every create handler). */
  recordCreateCall(face: string, idempotencyKey: string | null): void {
    this.stats.recordCreateCall(face, idempotencyKey);
  }

  /**
   * The job an earlier create with the same key made (idempotent replay), if the face
   * deduplicates; otherwise undefined, so a re-sent create makes (and bills) a second job.
   */
  replayIdempotent(face: string, idempotencyKey: string | null): EmulatorJob | undefined {
    if (idempotencyKey === null || !this.deduplicates(face)) return undefined;
    const job = this.jobs.byIdempotencyKey(face, idempotencyKey);
    if (job) this.stats.recordKeyJob(idempotencyKey, job.id);
    return job;
  }

  /**
   * Applies the per-create request faults in order: configured rate limit (429), then prompt
   * markers for http429 / http500 / slow. Throws EmulatorHttpError. (Header triggers for these
   * are applied to every request by the requestFaults middleware; the last parameter is kept
   * for callers that pass it.)
   */
  async applyCreateFaults(
    c: Context,
    face: string,
    prompt: string,
    _headerFaults?: Set<FaultName>,
  ): Promise<void> {
    if (this.rateLimiter) {
      const decision = this.rateLimiter.take(bearerKey(c) ?? 'anonymous');
      if (!decision.allowed) {
        this.stats.recordFault('rate_limit');
        throw rateLimited(decision.retryAfterMs, 'Rate limit reached for requests. Please try again later.');
      }
    }
    const scope = `${face}:create`;
    if (this.faults.fromMarker(scope, prompt, 'http429')) {
      throw rateLimited(this.faultRetryAfterMs, 'Rate limit reached for requests (emulated fault).');
    }
    if (this.faults.fromMarker(scope, prompt, 'http500')) throw serverError();
    // (a `slow` header is applied by the requestFaults middleware)
    if (this.faults.fromMarker(scope, prompt, 'slow')) {
      await this.clock.sleep(this.slowResponseMs, this.signal).catch(() => {});
    }
  }

  /** The fault to apply after a job was created: a 500 reply although the job exists. */
  failsAfterCreate(face: string, prompt: string, headerFaults: Set<FaultName>): boolean {
    return (
      this.faults.fromMarker(`${face}:create`, prompt, 'http500-after-create') ||
      this.faults.fromHeader(headerFaults, 'http500-after-create')
    );
  }

  /** Creates a job: draws its timeline, decides its fate (policy, faults) and schedules its end. */
  createJob(spec: CreateJobSpec): EmulatorJob {
    const now = this.clock.now();
    const headerFaults = spec.headerFaults ?? new Set<FaultName>();
    const scope = `${spec.face}:job`;
    const plan = planTiming(
      { width: spec.width, height: spec.height, seconds: spec.seconds, tierFactor: spec.tierFactor ?? 1 },
      this.random,
      this.speed,
    );
    const startAtMs = now + plan.queueMs;
    const nominalEndMs = startAtMs + plan.runMs;
    let terminalAtMs = nominalEndMs;
    let failure: JobFailure | null = null;
    const refusal = spec.refusal ?? checkPrompt(spec.prompt);
    if (refusal) {
      failure = { code: 'moderation_blocked', message: MODERATION_MESSAGE };
      terminalAtMs = startAtMs + plan.runMs * 0.15;
    } else if (
      this.faults.fromMarker(scope, spec.prompt, 'fail') ||
      this.faults.fromHeader(headerFaults, 'fail') ||
      this.faults.roll('fail')
    ) {
      failure = { code: 'internal_error', message: INTERNAL_ERROR_MESSAGE };
      terminalAtMs = startAtMs + plan.runMs * (0.3 + 0.6 * this.random.next());
    } else if (
      this.faults.fromMarker(scope, spec.prompt, 'output-refusal') ||
      this.faults.fromHeader(headerFaults, 'output-refusal')
    ) {
      // Refused only after the whole render, by the check on the output.
      failure = { code: 'output_moderation', message: OUTPUT_MODERATION_MESSAGE };
      terminalAtMs = nominalEndMs;
    } else if (
      this.faults.fromMarker(scope, spec.prompt, 'hang') ||
      this.faults.fromHeader(headerFaults, 'hang')
    ) {
      terminalAtMs = Number.POSITIVE_INFINITY;
    }
    const expireNow =
      this.faults.fromMarker(scope, spec.prompt, 'expire') || this.faults.fromHeader(headerFaults, 'expire');
    if (
      this.faults.fromMarker(`${spec.face}:create`, spec.prompt, 'reset-after-create') ||
      this.faults.fromHeader(headerFaults, 'reset-after-create')
    ) {
      const request = this.#request.getStore();
      if (request) request.resetAfterCreate = true;
    }
    const job: EmulatorJob = {
      id: this.newId(spec.idPrefix ?? 'job_'),
      face: spec.face,
      sequence: this.jobs.nextSequence(),
      model: spec.model,
      prompt: spec.prompt,
      width: spec.width,
      height: spec.height,
      seconds: spec.seconds,
      segments: spec.segments ?? [{ seconds: spec.seconds, text: spec.prompt }],
      firstFrameImage: spec.firstFrameImage ?? null,
      timeline: {
        createdAtMs: now,
        startAtMs,
        nominalEndMs,
        terminalAtMs,
        outcome: failure ? 'failed' : 'completed',
        ...(this.progressModel === 'uneven'
          ? { progressModel: 'uneven' as const, progressSeed: Math.floor(this.random.next() * 2 ** 32) }
          : {}),
      },
      failure,
      resultLifetimeMs: expireNow ? 0 : this.resultLifetimeMs,
      idempotencyKey: spec.idempotencyKey ?? null,
      attributes: spec.attributes ?? {},
      deleted: false,
      downloads: 0,
      defaultWebhook: spec.webhookEvent === undefined,
      endAnnounced: false,
    };
    this.jobs.add(job);
    this.stats.recordJobCreated(spec.face, job.id, job.idempotencyKey);
    if (Number.isFinite(terminalAtMs)) this.#scheduleTerminal(job, spec.webhookEvent ?? defaultWebhookEvent);
    return job;
  }

  /**
   * After a restart with a persisted store: schedules the end of every job that was not yet
   * announced (listeners, webhooks), at its recorded time or at once if that passed while the
   * emulator was down. Call after the faces are mounted (they listen for job ends).
   */
  resumeJobs(): void {
    for (const job of this.jobs.all()) {
      if (job.deleted || job.endAnnounced || !Number.isFinite(job.timeline.terminalAtMs)) continue;
      this.stats.recordJobRestored(job.face);
      this.#scheduleTerminal(job, job.defaultWebhook === false ? () => null : defaultWebhookEvent);
    }
  }

  /** Where the job stands at the clock's current time. */
  snapshot(job: EmulatorJob): JobSnapshot {
    const now = this.clock.now();
    const state = timelineAt(job.timeline, now);
    const completedAtMs = state.finishedAtMs;
    const expiresAtMs =
      state.status === 'completed' && completedAtMs !== null ? completedAtMs + job.resultLifetimeMs : null;
    return {
      status: state.status,
      progress: state.progress,
      createdAtMs: job.timeline.createdAtMs,
      completedAtMs,
      expiresAtMs,
      expired: expiresAtMs !== null && now >= expiresAtMs,
      error: state.status === 'failed' ? job.failure : null,
    };
  }

  /** Calls `listener` whenever a job reaches completed or failed. Returns an unsubscribe function. */
  onTerminal(listener: TerminalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Serves one content variant of a completed job: renders it if needed, applies download
   * faults (marker in the prompt, header, or seeded rate), streams it from disk.
   */
  async serveContent(c: Context, job: EmulatorJob, variant: ContentVariant): Promise<Response> {
    const file = await this.media.ensure(
      { width: job.width, height: job.height, segments: job.segments, firstFrameImage: job.firstFrameImage },
      variant,
    );
    job.downloads += 1;
    const headerFaults = parseFaultHeader(c.req.header('x-emulator-fault'));
    const scope = `download:${job.id}`;
    if (
      this.faults.fromMarker(scope, job.prompt, 'slow-download') ||
      this.faults.fromHeader(headerFaults, 'slow-download')
    ) {
      await this.clock.sleep(this.slowResponseMs, this.signal).catch(() => {});
    }
    let fault: DownloadFault = null;
    if (
      this.faults.fromMarker(scope, job.prompt, 'reset') ||
      this.faults.fromHeader(headerFaults, 'reset') ||
      this.faults.roll('reset')
    ) {
      fault = 'reset';
    } else if (
      this.faults.fromMarker(scope, job.prompt, 'truncate') ||
      this.faults.fromHeader(headerFaults, 'truncate') ||
      this.faults.roll('truncate')
    ) {
      fault = 'truncate';
    }
    this.stats.recordDownload(file.size);
    return serveFile(c, file, { fault });
  }

  /**
   * Middleware every face gets first: counts requests and applies the seeded random faults
   * (5xx, 429, slow) and the header-triggered http500/http429.
   */
  requestFaults(face: string): MiddlewareHandler {
    return async (c, next) => {
      this.stats.recordRequest(face);
      const headerFaults = parseFaultHeader(c.req.header('x-emulator-fault'));
      if (this.faults.fromHeader(headerFaults, 'http429') || this.faults.roll('http429')) {
        throw rateLimited(this.faultRetryAfterMs, 'Rate limit reached for requests (emulated fault).');
      }
      if (this.faults.fromHeader(headerFaults, 'http500') || this.faults.roll('http5xx')) {
        throw serverError();
      }
      if (this.faults.fromHeader(headerFaults, 'slow') || this.faults.roll('slow')) {
        await this.clock.sleep(this.slowResponseMs, this.signal).catch(() => {});
      }
      const request = { resetAfterCreate: false };
      await this.#request.run(request, next);
      if (request.resetAfterCreate) {
        // The job exists; the caller sees its connection reset after sending, with no answer.
        const socket = (c.env as { outgoing?: { socket?: Socket | null } } | undefined)?.outgoing?.socket;
        if (socket) socket.destroy();
        else throw serverError();
      }
    };
  }

  /** Forgets jobs' fault triggers and counters; with `jobs`, drops every job too. */
  reset(options: { jobs?: boolean } = {}): void {
    this.stats.reset();
    this.faults.reset();
    this.rateLimiter?.reset();
    if (options.jobs) this.jobs.clear();
  }

  /** Stops timers and webhook retries; waits for in-flight deliveries to give up. */
  async close(): Promise<void> {
    this.#closing.abort(new Error('emulator closed'));
    await Promise.allSettled([...this.#pending]);
  }

  #scheduleTerminal(
    job: EmulatorJob,
    webhookEvent: (job: EmulatorJob, status: 'completed' | 'failed', nowMs: number) => WebhookEvent | null,
  ): void {
    const work = (async () => {
      // Timers may fire a millisecond before the clock reads the due time: sleep until it does,
      // so listeners and webhooks never see the job still running.
      while (this.clock.now() < job.timeline.terminalAtMs)
        await this.clock.sleep(Math.max(1, job.timeline.terminalAtMs - this.clock.now()), this.signal);
    })()
      .then(async () => {
        if (job.deleted || job.endAnnounced) return;
        job.endAnnounced = true;
        this.jobs.save(job);
        const snapshot = this.snapshot(job);
        for (const listener of this.#listeners) listener(job, snapshot);
        const status = job.timeline.outcome === 'failed' ? 'failed' : 'completed';
        const event = webhookEvent(job, status, this.clock.now());
        if (this.webhooks && event) await this.webhooks.deliver(event, job.id);
      })
      .catch(() => {});
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }
}

/** OpenAI-style `video.completed` / `video.failed` event. */
export function defaultWebhookEvent(
  job: EmulatorJob,
  status: 'completed' | 'failed',
  nowMs: number,
): WebhookEvent {
  return {
    id: `evt_${randomBytes(16).toString('hex')}`,
    object: 'event',
    created_at: Math.floor(nowMs / 1000),
    type: `video.${status}`,
    data: { id: job.id },
  };
}

/** The bearer token of the request, if any. */
export function bearerKey(c: Context): string | null {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S.*)$/i.exec(header.trim());
  return match ? match[1]!.trim() : null;
}

export function rateLimited(retryAfterMs: number, message: string): EmulatorHttpError {
  return new EmulatorHttpError({
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    message,
    headers: {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
      'retry-after-ms': String(Math.ceil(retryAfterMs)),
    },
  });
}

export function serverError(): EmulatorHttpError {
  return new EmulatorHttpError({
    status: 500,
    type: 'server_error',
    code: 'server_error',
    message: 'The server had an error while processing your request. Sorry about that! (emulated fault)',
  });
}
