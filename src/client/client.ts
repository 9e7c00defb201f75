/**
 * The typed reelgate client: what app developers import, and what the CLI and the studio use.
 * Runs in Node and browsers (fetch + web streams only). Every edge is injectable: `fetch` and a
 * `clock` (`now`, `sleep`) so waiting can run on fake time in tests.
 *
 * @example
 * import { ReelgateClient } from 'reelgate/client';
 * const client = new ReelgateClient({ baseUrl: 'http://127.0.0.1:8787', apiKey: process.env.REELGATE_API_KEY });
 * const created = await client.create({ prompt: 'a paper boat on a river, golden hour', resolution: '720p', duration: 8 });
 * const done = await client.wait(created.id, { onProgress: (g) => console.log(g.status, g.progress) });
 * console.log(done.video?.url); // permanent, works in <video src>
 */
import {
  type ApiErrorBody,
  apiErrorFrom,
  ConnectionError,
  GenerationFailedError,
  type ReelgateApiError,
  WaitTimeoutError,
} from './errors.ts';
import { readSse } from './sse.ts';
import { AssetsApi } from './assets.ts';
import type {
  Account,
  CreateGenerationParams,
  CreateStoryboardParams,
  DownloadedFile,
  Estimate,
  EstimateParams,
  FavoriteList,
  Generation,
  GenerationPage,
  Health,
  ListGenerationsParams,
  ModelList,
  PromptBuild,
  PromptLint,
  PromptParts,
  LocalSession,
  Video,
  RequestOptionParams,
  SegmentedGeneration,
  StreamEvent,
  Usage,
  VideoVariant,
} from './types.ts';

/** Time as the client sees it (the project's Clock satisfies this). */
export interface ClientClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: ClientClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, Math.max(0, ms));
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

export interface ReelgateClientOptions {
  /** The gateway, e.g. `http://127.0.0.1:8787` (a trailing `/v1` is accepted). */
  baseUrl: string;
  apiKey?: string | undefined;
  fetch?: typeof fetch;
  clock?: ClientClock;
  /** Retries of idempotent requests on connection errors, 429 and 5xx. Default 2. */
  maxRetries?: number;
  headers?: Record<string, string>;
}

export interface WaitOptions {
  /** Called after every status check (and once at the start). */
  onProgress?: (generation: Generation) => void;
  /** Time between status checks. Default 2000 ms. */
  pollIntervalMs?: number;
  /** Give up (WaitTimeoutError) after this long. Default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const finalStatuses = new Set(['completed', 'failed', 'canceled', 'expired']);

export class ReelgateClient {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #clock: ClientClock;
  readonly #maxRetries: number;
  readonly #headers: Record<string, string>;
  /** Reusable reference images: `create`, `list`, `listAll`, `get`, `content`, `delete`. */
  readonly assets: AssetsApi;

  constructor(options: ReelgateClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#clock = options.clock ?? realClock;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#headers = options.headers ?? {};
    this.assets = new AssetsApi({
      json: (method, path, options) => this.#json(method, path, options),
      raw: (method, path, options) => this.#request(method, path, options),
    });
  }

  /**
   * Starts a generation.
   * @example
   * const generation = await client.create({ prompt: 'a lighthouse at dusk, slow pan', duration: 8 });
   */
  create(
    params: CreateGenerationParams,
    options: { signal?: AbortSignal; idempotencyKey?: string } = {},
  ): Promise<Generation> {
    const body: Record<string, unknown> = { prompt: params.prompt };
    if (params.model !== undefined) body.model = params.model;
    if (params.resolution !== undefined) body.resolution = params.resolution;
    if (params.duration !== undefined) body.duration = params.duration;
    if (params.size !== undefined) body.size = params.size;
    if (params.imageUrl !== undefined) body.image_url = params.imageUrl;
    if (params.assets !== undefined) body.assets = params.assets;
    Object.assign(body, requestOptionFields(params));
    if (params.fallbackOnRefusal !== undefined) body.fallback_on_refusal = params.fallbackOnRefusal;
    // One key per logical create: the client's own retries can never make a second generation.
    return this.#json<Generation>('POST', '/v1/generations', {
      body,
      signal: options.signal,
      idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
    });
  }

  /** @example const generation = await client.get('gen_123'); */
  get(id: string, options: { signal?: AbortSignal } = {}): Promise<Generation> {
    return this.#json<Generation>('GET', `/v1/generations/${encodeURIComponent(id)}`, {
      signal: options.signal,
    });
  }

  /**
   * One page of generations, newest first by default.
   * @example
   * const page = await client.list({ limit: 10 });
   * if (page.hasMore) await client.list({ limit: 10, after: page.lastId! });
   */
  async list(
    params: ListGenerationsParams = {},
    options: { signal?: AbortSignal } = {},
  ): Promise<GenerationPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    const suffix = query.size > 0 ? `?${query}` : '';
    const page = await this.#json<{
      data: Generation[];
      has_more: boolean;
      first_id: string | null;
      last_id: string | null;
    }>('GET', `/v1/generations${suffix}`, { signal: options.signal });
    return { data: page.data, hasMore: page.has_more, firstId: page.first_id, lastId: page.last_id };
  }

  /**
   * Every generation, page by page.
   * @example for await (const generation of client.listAll({ status: 'completed' })) console.log(generation.id);
   */
  async *listAll(params: ListGenerationsParams = {}): AsyncGenerator<Generation> {
    let after = params.after;
    for (;;) {
      const page = await this.list({ ...params, ...(after ? { after } : {}) });
      yield* page.data;
      if (!page.hasMore || !page.lastId) return;
      after = page.lastId;
    }
  }

  /** Stops a generation. @example await client.cancel('gen_123'); */
  cancel(id: string): Promise<Generation> {
    return this.#json<Generation>('POST', `/v1/generations/${encodeURIComponent(id)}/cancel`, {
      retry: false,
    });
  }

  /** Deletes a generation and its stored files. @example await client.delete('gen_123'); */
  async delete(id: string): Promise<void> {
    await this.#json('DELETE', `/v1/generations/${encodeURIComponent(id)}`, {});
  }

  /**
   * Starts a storyboard: shots in order, stitched into one video (wait for it like any generation).
   * @example
   * const video = await client.createStoryboard({ shots: [{ prompt: 'dawn', duration: 8 }, { prompt: 'dusk', duration: 8 }] });
   */
  createStoryboard(
    params: CreateStoryboardParams,
    options: { idempotencyKey?: string } = {},
  ): Promise<SegmentedGeneration> {
    const body: Record<string, unknown> = {
      shots: params.shots.map((shot) => ({
        prompt: shot.prompt,
        duration: shot.duration,
        ...(shot.continuePrevious ? { continue_previous: true } : {}),
        ...(shot.assets ? { assets: shot.assets } : {}),
      })),
    };
    if (params.model !== undefined) body.model = params.model;
    if (params.resolution !== undefined) body.resolution = params.resolution;
    if (params.size !== undefined) body.size = params.size;
    if (params.crossfade !== undefined) body.crossfade = params.crossfade;
    return this.#json<SegmentedGeneration>('POST', '/v1/storyboards', {
      body,
      idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
    });
  }

  /**
   * Cost, plan, warnings, prompt lint and policy findings, before submitting anything.
   * @example const { total_usd } = await client.estimate({ prompt: 'a fox', duration: 60 });
   */
  estimate(params: EstimateParams, options: { signal?: AbortSignal } = {}): Promise<Estimate> {
    const body: Record<string, unknown> = {};
    if (params.prompt !== undefined) body.prompt = params.prompt;
    if (params.shots !== undefined) {
      body.shots = params.shots.map((shot) => ({
        prompt: shot.prompt,
        duration: shot.duration,
        ...(shot.continuePrevious ? { continue_previous: true } : {}),
        ...(shot.assets ? { assets: shot.assets } : {}),
      }));
    }
    if (params.assets !== undefined) body.assets = params.assets;
    if (params.model !== undefined) body.model = params.model;
    if (params.resolution !== undefined) body.resolution = params.resolution;
    if (params.size !== undefined) body.size = params.size;
    if (params.duration !== undefined) body.duration = params.duration;
    Object.assign(body, requestOptionFields(params));
    return this.#json<Estimate>('POST', '/v1/estimates', { body, signal: options.signal });
  }

  /** Prompt warnings (advice) and pre-flight policy findings. */
  lintPrompt(
    prompt: string,
    options: { model?: string; duration?: number; signal?: AbortSignal } = {},
  ): Promise<PromptLint> {
    const { signal, ...rest } = options;
    return this.#json('POST', '/v1/prompts/lint', { body: { prompt, ...rest }, signal });
  }

  /** Assembles a prompt from its parts. */
  buildPrompt(parts: PromptParts): Promise<PromptBuild> {
    return this.#json('POST', '/v1/prompts/build', { body: parts });
  }

  /** Spend today and this month against the account's budgets. */
  usage(): Promise<Usage> {
    return this.#json<Usage>('GET', '/v1/usage', {});
  }

  /** The models this gateway can run, and its default. @example const { data } = await client.models(); */
  models(): Promise<ModelList> {
    return this.#json<ModelList>('GET', '/v1/models', {});
  }

  /**
   * A new video from a finished one with a changed prompt (same model, size and duration).
   * @example const remix = await client.remix('video_123', 'the same scene at night');
   */
  remix(id: string, prompt: string): Promise<Video> {
    return this.#json('POST', `/v1/videos/${encodeURIComponent(id)}/remix`, {
      body: { prompt },
      retry: false,
    });
  }

  /** The account's favourite generations. */
  favorites(): Promise<FavoriteList> {
    return this.#json<FavoriteList>('GET', '/v1/favorites', {});
  }

  /** Marks (or unmarks) a generation as a favourite. @example await client.setFavorite('video_123', true); */
  async setFavorite(id: string, favorite: boolean): Promise<void> {
    await this.#json(favorite ? 'PUT' : 'DELETE', `/v1/favorites/${encodeURIComponent(id)}`, {});
  }

  /** Liveness and whether the built-in emulator makes the videos (no key needed). */
  health(options: { signal?: AbortSignal } = {}): Promise<Health> {
    return this.#json<Health>('GET', '/healthz', { signal: options.signal, retry: false });
  }

  /**
   * The local user's key, handed only to a browser on the same machine of a default install
   * (`api_key: null` otherwise). No key needed.
   */
  localSession(): Promise<LocalSession> {
    return this.#json('GET', '/v1/session/local', { retry: false });
  }

  /** This gateway's OpenAPI 3.1 document (public, no key needed): every route it serves. */
  openapiDocument(options: { signal?: AbortSignal } = {}): Promise<Record<string, unknown>> {
    return this.#json('GET', '/openapi.json', { signal: options.signal, retry: false });
  }

  /** The account of the API key. */
  account(): Promise<Account> {
    return this.#json<Account>('GET', '/v1/account', {});
  }

  /**
   * Polls until the generation completes; throws GenerationFailedError when it fails, is
   * canceled or expires.
   * @example
   * const done = await client.wait(id, { onProgress: (g) => bar.update(g.progress), timeoutMs: 20 * 60_000 });
   */
  async wait(id: string, options: WaitOptions = {}): Promise<Generation> {
    const interval = options.pollIntervalMs ?? 2000;
    const deadline = options.timeoutMs === undefined ? undefined : this.#clock.now() + options.timeoutMs;
    for (;;) {
      const generation = await this.get(id, options.signal ? { signal: options.signal } : {});
      options.onProgress?.(generation);
      if (generation.status === 'completed') return generation;
      if (finalStatuses.has(generation.status)) throw new GenerationFailedError(generation);
      if (deadline !== undefined && this.#clock.now() + interval > deadline) {
        throw new WaitTimeoutError(
          `Generation ${id} did not finish within ${options.timeoutMs} ms (last status: ${generation.status}).`,
        );
      }
      await this.#clock.sleep(interval, options.signal);
    }
  }

  /**
   * Streams a stored file (constant memory).
   * @example
   * const file = await client.download(id);
   * await pipeline(Readable.fromWeb(file.body), createWriteStream('video.mp4'));
   */
  async download(
    id: string,
    options: { variant?: VideoVariant; range?: { start: number; end?: number }; signal?: AbortSignal } = {},
  ): Promise<DownloadedFile> {
    const headers: Record<string, string> = {};
    if (options.range) headers.range = `bytes=${options.range.start}-${options.range.end ?? ''}`;
    const response = await this.#request(
      'GET',
      `/v1/generations/${encodeURIComponent(id)}/content?variant=${options.variant ?? 'video'}`,
      {
        headers,
        signal: options.signal,
      },
    );
    if (!response.body) throw new ConnectionError('The download had no body.');
    const length = response.headers.get('content-length');
    const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    return {
      body: response.body,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      bytes: length === null ? null : Number(length),
      totalBytes: contentRange ? Number(contentRange[3]) : length === null ? null : Number(length),
      ...(contentRange ? { range: { start: Number(contentRange[1]), end: Number(contentRange[2]) } } : {}),
    };
  }

  /**
   * Live events: of one generation (ends after it finishes) or of the whole account.
   * The first event is a `snapshot`.
   * @example
   * for await (const event of client.events({ generationId: id })) console.log(event.type);
   */
  async *events(options: { generationId?: string; signal?: AbortSignal } = {}): AsyncGenerator<StreamEvent> {
    const path = options.generationId
      ? `/v1/generations/${encodeURIComponent(options.generationId)}/events`
      : '/v1/events';
    const response = await this.#request('GET', path, {
      headers: { accept: 'text/event-stream' },
      signal: options.signal,
      retry: false,
    });
    if (!response.body) return;
    for await (const message of readSse(response.body)) {
      yield JSON.parse(message.data) as StreamEvent;
    }
  }

  // ---- transport ----------------------------------------------------------------------------

  async #json<T>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      /** A multipart body instead of JSON (its boundary header is set by fetch). */
      form?: FormData;
      signal?: AbortSignal | undefined;
      retry?: boolean;
      idempotencyKey?: string;
    },
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const response = await this.#request(method, path, {
      signal: options.signal,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.form
        ? { body: options.form }
        : options.body === undefined
          ? {}
          : { body: JSON.stringify(options.body) }),
      headers,
    });
    return (await response.json()) as T;
  }

  async #request(
    method: string,
    path: string,
    options: {
      body?: string | FormData;
      headers?: Record<string, string>;
      signal?: AbortSignal | undefined;
      retry?: boolean;
    },
  ): Promise<Response> {
    const headers: Record<string, string> = { ...this.#headers, ...options.headers };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    const retries = options.retry === false ? 0 : this.#maxRetries;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(`${this.baseUrl}${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: options.body }),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (attempt < retries) {
          await this.#clock.sleep(backoffMs(attempt), options.signal);
          continue;
        }
        throw new ConnectionError(
          `Could not reach reelgate at ${this.baseUrl}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      if (response.ok) return response;
      const error = await toApiError(response);
      if (attempt < retries && (response.status === 429 || response.status >= 500)) {
        const waitMs =
          error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : backoffMs(attempt);
        await this.#clock.sleep(Math.min(waitMs, 60_000), options.signal);
        continue;
      }
      throw error;
    }
  }
}

/** The request options on the wire (snake_case), only those given. */
function requestOptionFields(params: RequestOptionParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.generateAudio !== undefined) body.generate_audio = params.generateAudio;
  if (params.fps !== undefined) body.fps = params.fps;
  if (params.negativePrompt !== undefined) body.negative_prompt = params.negativePrompt;
  if (params.aspectRatio !== undefined) body.aspect_ratio = params.aspectRatio;
  if (params.providerOptions !== undefined) body.provider_options = params.providerOptions;
  return body;
}

/**
 * A random key per logical create. `crypto.randomUUID` exists only in secure contexts (https,
 * localhost); a studio opened over plain http on a LAN address still has `getRandomValues`.
 */
function newIdempotencyKey(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt);
}

async function toApiError(response: Response): Promise<ReelgateApiError> {
  let body: ApiErrorBody = {};
  try {
    const parsed = (await response.json()) as { error?: ApiErrorBody };
    if (parsed && typeof parsed === 'object' && parsed.error) body = parsed.error;
  } catch {
    // Not an envelope (a proxy's HTML page...): fall back to the status.
  }
  return apiErrorFrom(response.status, body, response.headers);
}
