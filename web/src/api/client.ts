/**
 * The studio's API access: `reelgate/client` (the typed client app developers use) for the core
 * generation API, plus small calls for the optional endpoints (models, estimates, prompt lint,
 * storyboards, usage, local session), used only when the server's OpenAPI document lists them.
 */
import { ReelgateClient } from '../../../src/client/index.ts';
import { type Capabilities, capabilitiesFrom, coreCapabilities } from './capabilities.ts';
import { apiErrorFrom, NetworkError } from './errors.ts';
import { readEstimate, readLint, readModels, readUsage } from './readers.ts';
import type {
  CreateGenerationBody,
  Estimate,
  Generation,
  LintHint,
  ModelInfo,
  PublicStatus,
  StoryboardShot,
  UsageSummary,
} from './types.ts';

export interface StudioApiOptions {
  apiKey: string;
  /** Origin of the gateway; default: the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface ListQuery {
  after?: string | undefined;
  limit?: number | undefined;
  status?: PublicStatus | undefined;
  model?: string | undefined;
}

export interface Page {
  data: Generation[];
  hasMore: boolean;
  lastId: string | null;
}

const pageOrigin = () => (typeof window === 'undefined' ? '' : window.location.origin);

export class StudioApi {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly capabilities: Capabilities;
  readonly client: ReelgateClient;
  readonly #fetch: typeof fetch;

  constructor(options: StudioApiOptions, capabilities: Capabilities = coreCapabilities) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? pageOrigin()).replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.capabilities = capabilities;
    this.client = new ReelgateClient({ baseUrl: this.baseUrl, apiKey: this.apiKey, fetch: this.#fetch });
  }

  /** Reads the server's OpenAPI document (public) to learn which optional endpoints exist. */
  static async discover(baseUrl = '', fetchImpl: typeof fetch = (i, o) => globalThis.fetch(i, o)) {
    try {
      const response = await fetchImpl(`${baseUrl}/openapi.json`, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return coreCapabilities;
      return capabilitiesFrom(await response.json());
    } catch {
      return coreCapabilities;
    }
  }

  /** A JSON call to an endpoint the typed client does not cover (yet). */
  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError(`Could not reach reelgate at ${this.baseUrl || 'this server'}.`, {
        cause: error,
      });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const envelope = json && typeof json === 'object' ? (json as { error?: object }).error : undefined;
      throw apiErrorFrom(response.status, envelope ?? {}, response.headers);
    }
    return json as T;
  }

  /** Checks the key: one cheap authenticated call. */
  async verifyKey(): Promise<void> {
    await this.client.list({ limit: 1 });
  }

  async createGeneration(body: CreateGenerationBody): Promise<Generation> {
    return (await this.client.create(body)) as Generation;
  }

  async listGenerations(query: ListQuery = {}, signal?: AbortSignal): Promise<Page> {
    const page = await this.client.list(
      {
        limit: query.limit ?? 24,
        ...(query.after ? { after: query.after } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.model ? { model: query.model } : {}),
      },
      signal ? { signal } : {},
    );
    return { data: page.data as Generation[], hasMore: page.hasMore, lastId: page.lastId };
  }

  async getGeneration(id: string): Promise<Generation> {
    return (await this.client.get(id)) as Generation;
  }

  deleteGeneration(id: string): Promise<void> {
    return this.client.delete(id);
  }

  async cancelGeneration(id: string): Promise<Generation> {
    return (await this.client.cancel(id)) as Generation;
  }

  /** Remix through the OpenAI-compatible surface; returns the new generation's id. */
  async remix(id: string, prompt: string): Promise<string> {
    const video = await this.request<{ id: string }>('POST', `/v1/videos/${encodeURIComponent(id)}/remix`, {
      prompt,
    });
    return video.id;
  }

  get canRemix(): boolean {
    return this.capabilities.has('post', '/v1/videos/{id}/remix');
  }

  get canCancel(): boolean {
    return this.capabilities.has('post', '/v1/generations/{id}/cancel');
  }

  async listModels(): Promise<ModelInfo[] | undefined> {
    if (!this.capabilities.has('get', '/v1/models')) return undefined;
    return readModels(await this.request('GET', '/v1/models'));
  }

  get estimatesPath(): string | undefined {
    return this.capabilities.pick('post', ['/v1/estimates']);
  }

  async estimate(body: CreateGenerationBody, signal?: AbortSignal): Promise<Estimate | undefined> {
    const path = this.estimatesPath;
    if (!path) return undefined;
    return readEstimate(await this.request('POST', path, body, signal));
  }

  get lintPath(): string | undefined {
    return this.capabilities.pick('post', ['/v1/prompts/lint', '/v1/prompt/lint', '/v1/lint']);
  }

  async lint(
    prompt: string,
    model: string | undefined,
    signal?: AbortSignal,
  ): Promise<LintHint[] | undefined> {
    const path = this.lintPath;
    if (!path) return undefined;
    return readLint(await this.request('POST', path, { prompt, ...(model ? { model } : {}) }, signal));
  }

  get canStoryboard(): boolean {
    return this.capabilities.has('post', '/v1/storyboards');
  }

  /** Starts a storyboard; returns the generation that will hold the stitched video. */
  async createStoryboard(input: {
    shots: StoryboardShot[];
    model?: string;
    resolution?: string;
    size?: string;
  }): Promise<Generation> {
    const answer = await this.request<Record<string, unknown>>('POST', '/v1/storyboards', input);
    // A storyboard may answer with the generation itself or wrap it.
    const inner = answer.generation;
    if (inner && typeof inner === 'object') return inner as Generation;
    if (answer.object === 'generation') return answer as unknown as Generation;
    const id = typeof answer.generation_id === 'string' ? answer.generation_id : String(answer.id);
    return this.getGeneration(id);
  }

  get usagePath(): string | undefined {
    return this.capabilities.pick('get', ['/v1/usage']);
  }

  async usage(): Promise<UsageSummary | undefined> {
    const path = this.usagePath;
    if (!path) return undefined;
    return readUsage(await this.request('GET', path));
  }

  /** The server's local auto-login: a key handed only to requests from the same machine. */
  static async localSession(
    baseUrl: string,
    capabilities: Capabilities,
    fetchImpl: typeof fetch = (i, o) => globalThis.fetch(i, o),
  ): Promise<string | undefined> {
    const path = capabilities.pick('get', ['/v1/session/local', '/v1/session']);
    if (!path) return undefined;
    try {
      const response = await fetchImpl(`${baseUrl}${path}`, { headers: { accept: 'application/json' } });
      if (!response.ok) return undefined;
      const body = (await response.json()) as Record<string, unknown>;
      for (const field of ['api_key', 'key', 'token']) {
        const value = body[field];
        if (typeof value === 'string' && value) return value;
      }
      return undefined;
    } catch {
      return undefined;
    }
  }
}
