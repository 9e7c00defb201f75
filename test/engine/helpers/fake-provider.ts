/**
 * A hand-written fake provider implementing the worker's ProviderBinding (and VideoModelV4), on
 * an injected clock: each job follows a script chosen by its prompt.
 */
import type { JSONValue } from '@ai-sdk/provider';
import type { CatalogEntry } from '../../../src/core/catalog/catalog-entry.ts';
import { createDefaultCatalog } from '../../../src/core/catalog/index.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { ReelgateError } from '../../../src/core/errors.ts';
import type {
  ProviderBinding,
  StatusInfo,
  StatusResult,
  VideoModel,
} from '../../../src/providers/provider-port.ts';

export interface FakeJob {
  id: string;
  prompt: string;
  createdAt: number;
}

export type Script = (
  job: FakeJob,
  now: number,
) => {
  status: 'pending' | 'completed' | 'error' | 'throw';
  progress?: number;
  providerStatus?: string;
  error?: string;
  retryAfterMs?: number;
};

export class FakeProvider {
  readonly jobs = new Map<string, FakeJob>();
  readonly startCalls: string[] = [];
  statusCalls = 0;
  /** List requests answered (pages of 100), when the fake lists jobs. */
  listCalls = 0;
  startFailures = new Map<string, { times: number; retryAfterMs?: number }>();
  readonly content = new Uint8Array(200_000).map((_, i) => i % 251);
  readonly #clock: Clock;
  readonly #script: Script;

  readonly #lists: boolean;

  /** `lists`: the fake also lists jobs with their status, newest first, 100 a page (as OpenAI's `GET /videos`). */
  constructor(clock: Clock, script: Script, options: { lists?: boolean } = {}) {
    this.#clock = clock;
    this.#script = script;
    this.#lists = options.lists ?? false;
  }

  /** What a status check of `job` answers now (a listing shows the same). */
  #resultOf(job: FakeJob): StatusResult {
    const response = { timestamp: new Date(this.#clock.now()), modelId: 'fake-1', headers: undefined };
    const step = this.#script(job, this.#clock.now());
    const metadata = {
      fake: { status: step.providerStatus ?? step.status, progress: step.progress ?? 0 },
    };
    if (step.status === 'throw') {
      throw new ReelgateError({ code: 'provider_outage', message: 'status endpoint down' });
    }
    if (step.status === 'completed') {
      return {
        status: 'completed',
        videos: [{ type: 'url', url: 'http://fake.invalid/v', mediaType: 'video/mp4' }],
        warnings: [],
        providerMetadata: metadata,
        response,
      };
    }
    if (step.status === 'error')
      return { status: 'error', error: step.error ?? 'failed', providerMetadata: metadata, response };
    return { status: 'pending', providerMetadata: metadata, response };
  }

  #list: NonNullable<ProviderBinding['listJobStatuses']> = async (sinceMs, { maxPages, startAfterJobId }) => {
    const cursor = startAfterJobId === undefined ? undefined : this.jobs.get(startAfterJobId);
    const order = [...this.jobs.values()];
    const newestFirst = order
      .map((job, index) => ({ job, index }))
      .filter(({ job }) => job.createdAt >= sinceMs)
      .sort((a, b) => b.job.createdAt - a.job.createdAt || b.index - a.index)
      .filter(({ job, index }) => {
        if (!cursor) return true;
        const cursorIndex = order.indexOf(cursor);
        return (
          job.createdAt < cursor.createdAt || (job.createdAt === cursor.createdAt && index < cursorIndex)
        );
      })
      .map(({ job }) => job);
    const pages = Math.min(maxPages, Math.max(1, Math.ceil(newestFirst.length / 100)));
    this.listCalls += pages;
    return {
      calls: pages,
      jobs: newestFirst.slice(0, pages * 100).map((job) => {
        const result = this.#resultOf(job);
        const metadata = result.providerMetadata?.fake as { progress?: number; status?: string } | undefined;
        const progress = metadata?.progress ?? null;
        const listedStatus = metadata?.status;
        return {
          jobId: job.id,
          state:
            result.status === 'completed' ? 'completed' : result.status === 'error' ? 'failed' : 'pending',
          providerStatus: listedStatus ?? result.status,
          started: listedStatus !== 'queued',
          progress,
          ...(result.status === 'completed' ? { result } : {}),
        };
      }),
    };
  };

  binding(): ProviderBinding {
    const response = () => ({
      timestamp: new Date(this.#clock.now()),
      modelId: 'fake-1',
      headers: undefined,
    });
    const model: VideoModel = {
      specificationVersion: 'v4',
      provider: 'fake',
      modelId: 'fake-1',
      maxVideosPerCall: 1,
      doStart: async (options) => {
        const key = String(options.headers?.['Idempotency-Key']);
        this.startCalls.push(key);
        const failing = this.startFailures.get(options.prompt ?? '');
        if (failing && failing.times > 0) {
          failing.times -= 1;
          throw new ReelgateError({
            code: 'provider_rate_limited',
            message: 'slow down',
            ...(failing.retryAfterMs ? { details: { retryAfterMs: failing.retryAfterMs } } : {}),
          });
        }
        const id = `job_${key}`;
        if (!this.jobs.has(id))
          this.jobs.set(id, { id, prompt: options.prompt ?? '', createdAt: this.#clock.now() });
        return { operation: { jobId: id }, warnings: [], response: response() };
      },
      doStatus: async ({ operation }) => {
        this.statusCalls += 1;
        return this.#resultOf(this.jobs.get((operation as { jobId: string }).jobId)!);
      },
    };
    return {
      name: 'fake',
      // Jobs are keyed by the Idempotency-Key, so a re-sent start returns the same job.
      deduplicatesStarts: true,
      emulated: false,
      timeScale: 1,
      webhooksConfigured: false,
      extraVariants: [],
      ...(this.#lists ? { listJobStatuses: this.#list, listShowsProgress: true } : {}),
      videoModel: () => model,
      jobIdOf: (operation: JSONValue) => (operation as { jobId?: string }).jobId,
      openContent: async () => ({
        body: new Blob([this.content]).stream() as ReadableStream<Uint8Array>,
        bytes: this.content.byteLength,
        contentType: 'video/mp4',
      }),
      classifyError: (error) =>
        error instanceof ReelgateError
          ? error
          : new ReelgateError({ code: 'provider_outage', message: String(error) }),
      statusInfo(result: StatusResult): StatusInfo {
        const metadata = (result.providerMetadata?.fake ?? {}) as { status?: string; progress?: number };
        const providerStatus = metadata.status ?? result.status;
        const known = ['pending', 'queued', 'completed', 'error'].includes(providerStatus);
        return {
          providerStatus,
          progress: metadata.progress ?? null,
          queuePosition: null,
          started: providerStatus !== 'queued',
          resultExpiresAtMs: null,
          completedAtMs: null,
          ...(known ? {} : { unknownStatus: true }),
          ...(result.status === 'error'
            ? {
                failure: new ReelgateError({
                  code: 'provider_outage',
                  message: result.error,
                  retryable: false,
                }),
              }
            : {}),
        };
      },
    };
  }
}

/**
 * The fake model with sora-2's own typical generation time (tests whose due times rest on it).
 */
export function fakeEntryWithSoraTiming(): CatalogEntry {
  return {
    ...createDefaultCatalog().resolve('sora-2'),
    id: 'fake:fake-1',
    provider: 'fake',
    modelId: 'fake-1',
    aliases: [],
  };
}

/** The catalog entry of the fake's one model `fake:fake-1`: Sora's shape, a flat 100 s typical time. */
export function fakeCatalogEntry(): CatalogEntry {
  return {
    ...fakeEntryWithSoraTiming(),
    typicalGeneration: {
      baseSeconds: 100,
      perVideoSecond: 0,
      referencePixels: 1280 * 720,
      pixelExponent: 0,
      queueSeconds: 0,
      source: 'test',
    },
  };
}
