/**
 * Gives a package that can only `doGenerate` (create, then poll inside one call: @ai-sdk's
 * V3 video models, OpenRouter's V4 model) the async `doStart`/`doStatus` pair reelgate needs,
 * without re-implementing its request building:
 * - `doStart` runs the package's own `doGenerate`, lets its create request through, keeps the
 *   create answer, and stops the call at its first status request (the `fetch` given to the
 *   package is `startOnlyFetch(...)`, which knows when it runs inside a start);
 * - `doStatus` asks the provider's status endpoint itself (one GET, read by `readStatus`).
 * Only the create request ever leaves during a start, so the package never polls.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  APICallError,
  type Experimental_VideoModelV4 as VideoModelV4,
  type Experimental_VideoModelV4CallOptions as CallOptions,
  type Experimental_VideoModelV4OperationStartResult as StartResult,
  type Experimental_VideoModelV4OperationStatusResult as StatusResult,
  type JSONValue,
} from '@ai-sdk/provider';

interface StartScope {
  created?: { body: unknown; headers: Record<string, string> };
}

const scopes = new AsyncLocalStorage<StartScope>();

/** Thrown into the package at its first status request; never escapes `doStart`. */
class StartCaptured extends Error {
  constructor() {
    super('start captured (the package is not allowed to poll)');
    this.name = 'StartCaptured';
  }
}

/**
 * The `fetch` to give the package: outside a start it is `inner`; inside one it passes the
 * first (create) request, records its JSON answer, and refuses any further request.
 */
export function startOnlyFetch(inner: typeof fetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const scope = scopes.getStore();
    if (!scope) return inner(input, init);
    if (scope.created) throw new StartCaptured();
    const response = await inner(input, init);
    if (response.ok) {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      scope.created = { body, headers: Object.fromEntries(response.headers.entries()) };
    }
    return response;
  }) as typeof fetch;
}

export interface StartOnlyOptions {
  /** The operation to persist, read from the create answer (undefined when it has no job id). */
  operationOf(createBody: unknown): JSONValue | undefined;
  /** One status check of `operation` (use a capturing fetch so families can read the body). */
  status(operation: JSONValue, signal: AbortSignal | undefined): Promise<StatusResult>;
}

/** What the adapter needs of the package's model. */
interface GenerateOnlyModel {
  provider: string;
  modelId: string;
  doGenerate(options: CallOptions): PromiseLike<unknown>;
}

export class StartOnlyAdapter implements VideoModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly #inner: GenerateOnlyModel;
  readonly #options: StartOnlyOptions;
  readonly maxVideosPerCall = 1;

  constructor(inner: unknown, options: StartOnlyOptions) {
    this.#inner = inner as GenerateOnlyModel;
    this.#options = options;
  }

  get provider(): string {
    return this.#inner.provider;
  }

  get modelId(): string {
    return this.#inner.modelId;
  }

  async doStart(options: CallOptions): Promise<StartResult> {
    const scope: StartScope = {};
    try {
      await scopes.run(scope, () => this.#inner.doGenerate(options));
    } catch (error) {
      if (!isCaptured(error)) throw error;
    }
    const operation = scope.created ? this.#options.operationOf(scope.created.body) : undefined;
    if (operation === undefined) {
      throw new APICallError({
        message: `${this.provider} answered the create request without a job id.`,
        url: '',
        requestBodyValues: {},
        ...(scope.created ? { responseBody: JSON.stringify(scope.created.body) } : {}),
        isRetryable: false,
      });
    }
    return {
      operation,
      warnings: [],
      response: { timestamp: new Date(), modelId: this.modelId, headers: scope.created?.headers },
    };
  }

  doStatus(options: { operation: JSONValue; abortSignal?: AbortSignal }): Promise<StatusResult> {
    return this.#options.status(options.operation, options.abortSignal);
  }
}

function isCaptured(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (current instanceof StartCaptured) return true;
    if (!(current instanceof Error)) return false;
  }
  return false;
}

/**
 * GETs a JSON status endpoint; an HTTP error becomes an APICallError (status, headers, parsed
 * body) so the generic classification applies.
 */
export async function getJson(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<{ body: unknown; headers: Record<string, string> }> {
  const response = await fetchImpl(url, { headers, ...(signal ? { signal } : {}) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const responseHeaders = Object.fromEntries(response.headers.entries());
  if (!response.ok) {
    throw new APICallError({
      message: `HTTP ${response.status}: ${text.slice(0, 300)}`,
      url,
      requestBodyValues: {},
      statusCode: response.status,
      responseHeaders,
      responseBody: text,
      data: body,
      isRetryable: response.status === 429 || response.status >= 500,
    });
  }
  return { body, headers: responseHeaders };
}
