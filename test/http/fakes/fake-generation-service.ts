/**
 * An in-memory GenerationService for HTTP, client and CLI tests: faithful to the interface
 * (account scoping, cursor pagination, events, ranged file reads), driven by test helpers
 * (`advance`, `complete`, `fail`) or, for CLI tests in another process, by `autoRun`.
 */
import type { Clock } from '../../../src/core/clock.ts';
import { ReelgateError } from '../../../src/core/errors.ts';
import type {
  CreateGenerationInput,
  Generation,
  GenerationEvent,
  GenerationEventType,
  GenerationPage,
  GenerationService,
  ListGenerationsQuery,
  OpenedFile,
  Resolution,
  VideoVariant,
} from '../../../src/core/generation.ts';
import { finalStates } from '../../../src/core/generation.ts';

interface StoredBytes {
  data: Uint8Array;
  contentType: string;
}

interface Listener {
  filter: { accountId: string; generationId?: string };
  listener: (event: GenerationEvent) => void;
}

const sizes: Record<Resolution, string> = { '480p': '854x480', '720p': '1280x720', '1080p': '1920x1080' };
const supportedSeconds = [4, 8, 12, 16, 20];

export interface FakeServiceOptions {
  clock: Clock;
  /** Drive every new generation to completion by itself with real timers, `stepMs` apart (CLI tests). */
  autoRun?: { stepMs: number; video: Uint8Array };
}

export class FakeGenerationService implements GenerationService {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly #records = new Map<string, Generation>();
  readonly #files = new Map<string, Map<VideoVariant, StoredBytes>>();
  #listeners: Listener[] = [];
  #counter = 0;
  readonly #clock: Clock;
  readonly #autoRun: FakeServiceOptions['autoRun'];

  constructor(options: FakeServiceOptions) {
    this.#clock = options.clock;
    this.#autoRun = options.autoRun;
  }

  /** Calls that reached the service, by method (used to prove bad input never does). */
  count(method: string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  async create(accountId: string, input: CreateGenerationInput): Promise<Generation> {
    this.calls.push({ method: 'create', args: [accountId, input] });
    const now = this.#clock.now();
    const warnings: string[] = [];
    const requestedSeconds = input.durationSeconds ?? 8;
    const seconds = supportedSeconds.find((value) => value >= requestedSeconds) ?? 20;
    if (seconds !== requestedSeconds) warnings.push(`duration ${requestedSeconds}s adjusted to ${seconds}s`);
    const resolution: Resolution =
      input.resolution ??
      (input.size?.includes('1080') ? '1080p' : input.size?.includes('480') ? '480p' : '720p');
    this.#counter += 1;
    const generation: Generation = {
      id: `gen_${String(this.#counter).padStart(6, '0')}`,
      accountId,
      state: 'accepted',
      status: 'queued',
      model: `emulator:${input.model ?? 'sora-2'}`,
      provider: 'emulator',
      requested: {
        model: input.model ?? null,
        resolution: input.resolution ?? null,
        size: input.size ?? null,
        durationSeconds: input.durationSeconds ?? null,
        surface: input.surface,
      },
      prompt: input.prompt,
      size: input.size ?? sizes[resolution],
      resolution,
      durationSeconds: seconds,
      warnings,
      progress: 0,
      queuePosition: null,
      etaMs: now + 60_000,
      error: null,
      costUsd: null,
      video: null,
      thumbnail: null,
      parentId: input.parentId ?? null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      emulated: true,
    };
    this.#records.set(generation.id, generation);
    this.#emit('generation:accepted', generation);
    if (this.#autoRun) this.#scheduleAutoRun(generation.id, this.#autoRun);
    return structuredClone(generation);
  }

  async get(accountId: string, id: string): Promise<Generation | undefined> {
    this.calls.push({ method: 'get', args: [accountId, id] });
    const record = this.#records.get(id);
    return record && record.accountId === accountId ? structuredClone(record) : undefined;
  }

  async list(accountId: string, query: ListGenerationsQuery): Promise<GenerationPage> {
    this.calls.push({ method: 'list', args: [accountId, query] });
    const order = query.order ?? 'desc';
    let items = [...this.#records.values()]
      .filter((record) => record.accountId === accountId)
      .filter((record) => (query.status ? record.status === query.status : true))
      .filter((record) => (query.model ? record.model === query.model : true))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    if (order === 'desc') items.reverse();
    if (query.after !== undefined) {
      const index = items.findIndex((record) => record.id === query.after);
      items = index === -1 ? [] : items.slice(index + 1);
    }
    const limit = query.limit ?? 20;
    return {
      data: items.slice(0, limit).map((record) => structuredClone(record)),
      hasMore: items.length > limit,
    };
  }

  async cancel(accountId: string, id: string): Promise<Generation> {
    this.calls.push({ method: 'cancel', args: [accountId, id] });
    const record = this.#owned(accountId, id);
    if (finalStates.has(record.state)) {
      throw new ReelgateError({
        code: 'conflict',
        message: `Generation '${id}' already finished (${record.status}).`,
      });
    }
    this.#update(record, { state: 'canceled', status: 'canceled' }, 'generation:canceled');
    return structuredClone(record);
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    this.calls.push({ method: 'delete', args: [accountId, id] });
    const record = this.#records.get(id);
    if (!record || record.accountId !== accountId) return false;
    this.#records.delete(id);
    this.#files.delete(id);
    this.#emit('generation:deleted', record);
    return true;
  }

  async openFile(
    accountId: string,
    id: string,
    variant: VideoVariant,
    range?: { start: number; end?: number },
  ): Promise<OpenedFile> {
    this.calls.push({ method: 'openFile', args: [accountId, id, variant, range] });
    this.#owned(accountId, id);
    const file = this.#files.get(id)?.get(variant);
    if (!file) throw new ReelgateError({ code: 'not_found', message: `No ${variant} for '${id}'.` });
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? file.data.length - 1, file.data.length - 1);
    const slice = file.data.slice(start, end + 1);
    return {
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          // Two chunks, to exercise streaming.
          const middle = Math.floor(slice.length / 2);
          if (middle > 0) controller.enqueue(slice.slice(0, middle));
          controller.enqueue(slice.slice(middle));
          controller.close();
        },
      }),
      bytes: file.data.length,
      contentType: file.contentType,
      ...(range ? { range: { start, end } } : {}),
    };
  }

  subscribe(
    filter: { accountId: string; generationId?: string },
    listener: (event: GenerationEvent) => void,
  ): () => void {
    const entry: Listener = { filter, listener };
    this.#listeners.push(entry);
    return () => {
      this.#listeners = this.#listeners.filter((candidate) => candidate !== entry);
    };
  }

  get listenerCount(): number {
    return this.#listeners.length;
  }

  // ---- test drivers -------------------------------------------------------------------------

  /** Moves a generation to running with some progress. */
  advance(id: string, progress: number): void {
    const record = this.#require(id);
    this.#update(record, { state: 'running', status: 'running', progress }, 'generation:progress');
  }

  /** Completes a generation with stored bytes (and optionally a thumbnail / spritesheet). */
  complete(id: string, files: { video: Uint8Array; thumbnail?: Uint8Array; spritesheet?: Uint8Array }): void {
    const record = this.#require(id);
    const stored = new Map<VideoVariant, StoredBytes>([
      ['video', { data: files.video, contentType: 'video/mp4' }],
    ]);
    if (files.thumbnail) stored.set('thumbnail', { data: files.thumbnail, contentType: 'image/webp' });
    if (files.spritesheet) stored.set('spritesheet', { data: files.spritesheet, contentType: 'image/jpeg' });
    this.#files.set(id, stored);
    const now = this.#clock.now();
    this.#update(
      record,
      {
        state: 'completed',
        status: 'completed',
        progress: 100,
        etaMs: null,
        costUsd: 0.1 * record.durationSeconds,
        completedAt: now,
        video: {
          key: `videos/${id}.mp4`,
          bytes: files.video.length,
          sha256: 'f'.repeat(64),
          contentType: 'video/mp4',
        },
        thumbnail: files.thumbnail
          ? {
              key: `videos/${id}.webp`,
              bytes: files.thumbnail.length,
              sha256: 'e'.repeat(64),
              contentType: 'image/webp',
            }
          : null,
      },
      'generation:completed',
    );
  }

  fail(id: string, error: Generation['error']): void {
    const record = this.#require(id);
    this.#update(record, { state: 'failed', status: 'failed', error, etaMs: null }, 'generation:failed');
  }

  // ---- internals ----------------------------------------------------------------------------

  #scheduleAutoRun(id: string, autoRun: NonNullable<FakeServiceOptions['autoRun']>): void {
    const record = this.#records.get(id);
    const refuse = record?.prompt.toLowerCase().includes('refuse');
    const steps: (() => void)[] = [
      () => this.advance(id, 25),
      () => this.advance(id, 75),
      () =>
        refuse
          ? this.fail(id, {
              code: 'input_refused',
              message: 'The prompt was refused by the content policy.',
              retryable: false,
            })
          : this.complete(id, { video: autoRun.video }),
    ];
    steps.forEach((step, index) => {
      setTimeout(
        () => {
          if (this.#records.get(id) && !finalStates.has(this.#records.get(id)!.state)) step();
        },
        autoRun.stepMs * (index + 1),
      ).unref?.();
    });
  }

  #require(id: string): Generation {
    const record = this.#records.get(id);
    if (!record) throw new Error(`fake: unknown generation ${id}`);
    return record;
  }

  #owned(accountId: string, id: string): Generation {
    const record = this.#records.get(id);
    if (!record || record.accountId !== accountId) {
      throw new ReelgateError({ code: 'not_found', message: `No generation found with id '${id}'.` });
    }
    return record;
  }

  #update(record: Generation, patch: Partial<Generation>, type: GenerationEventType): void {
    Object.assign(record, patch, { updatedAt: this.#clock.now() });
    this.#emit(type, record);
  }

  #emit(type: GenerationEventType, record: Generation): void {
    const event: GenerationEvent = { type, generation: structuredClone(record), at: this.#clock.now() };
    for (const { filter, listener } of [...this.#listeners]) {
      if (filter.accountId !== record.accountId) continue;
      if (filter.generationId !== undefined && filter.generationId !== record.id) continue;
      listener(event);
    }
  }
}
