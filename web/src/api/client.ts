/**
 * The studio's connection to a gateway: `reelgate/client` (the typed client app developers use)
 * for every call, plus what the server's public OpenAPI document says it offers, so a panel
 * whose endpoint is missing is hidden and nothing fails.
 */
import { ConnectionError, ReelgateClient } from '../../../src/client/index.ts';
import { type Capabilities, capabilitiesFrom, coreCapabilities } from './capabilities.ts';

const pageOrigin = () => (typeof window === 'undefined' ? '' : window.location.origin);

export class StudioApi {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly capabilities: Capabilities;
  readonly client: ReelgateClient;

  constructor(options: { apiKey: string; baseUrl?: string }, capabilities: Capabilities = coreCapabilities) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? pageOrigin()).replace(/\/+$/, '');
    this.capabilities = capabilities;
    // The studio retries on its own terms (offline banner, Retry button): no hidden retries.
    this.client = new ReelgateClient({ baseUrl: this.baseUrl, apiKey: this.apiKey, maxRetries: 0 });
  }

  /**
   * Reads the server's OpenAPI document (public). `undefined` when the server cannot be reached,
   * so the caller can say so instead of guessing.
   */
  static async discover(baseUrl = pageOrigin()): Promise<Capabilities | undefined> {
    try {
      return capabilitiesFrom(await new ReelgateClient({ baseUrl, maxRetries: 0 }).openapiDocument());
    } catch (error) {
      // Unreachable: say so. Reachable but without a document (an older server): the core API.
      return error instanceof ConnectionError ? undefined : coreCapabilities;
    }
  }

  /** The server's local auto-login key, when this browser is on the same machine. */
  static async localSession(capabilities: Capabilities, baseUrl = pageOrigin()): Promise<string | undefined> {
    if (!capabilities.has('get', '/v1/session/local')) return undefined;
    try {
      const session = await new ReelgateClient({ baseUrl, maxRetries: 0 }).localSession();
      return session.api_key ?? undefined;
    } catch {
      return undefined;
    }
  }

  has(method: string, path: string): boolean {
    return this.capabilities.has(method, path);
  }

  get canRemix(): boolean {
    return this.has('post', '/v1/videos/{id}/remix');
  }
  get canCancel(): boolean {
    return this.has('post', '/v1/generations/{id}/cancel');
  }
  get canEstimate(): boolean {
    return this.has('post', '/v1/estimates');
  }
  get canLint(): boolean {
    return this.has('post', '/v1/prompts/lint');
  }
  get canStoryboard(): boolean {
    return this.has('post', '/v1/storyboards');
  }
  get canUsage(): boolean {
    return this.has('get', '/v1/usage');
  }
  get canListModels(): boolean {
    return this.has('get', '/v1/models');
  }
  get canAssets(): boolean {
    return this.has('get', '/v1/assets');
  }
  get canFavorite(): boolean {
    return this.has('get', '/v1/favorites');
  }
}
