/**
 * Keeps the raw JSON of the last provider response seen inside a call scope. The @ai-sdk
 * packages reduce failures to strings (and their schemas drop fields such as Google's
 * `raiMediaFilteredReasons` or fal's error `type`); reading the raw body lets reelgate classify
 * refusals and outages from structured fields instead of matching message text. The scope is
 * an AsyncLocalStorage, so concurrent calls never see each other's responses.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CapturedResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
}

export interface CaptureScope {
  last: CapturedResponse | undefined;
}

const storage = new AsyncLocalStorage<CaptureScope>();
const MAX_CAPTURE_BYTES = 1024 * 1024;

/** Runs `work` with a fresh capture scope; returns its result and what was captured. */
export async function withCapture<T>(work: () => PromiseLike<T>): Promise<{ value: T; scope: CaptureScope }> {
  const scope: CaptureScope = { last: undefined };
  try {
    const value = await storage.run(scope, work);
    return { value, scope };
  } catch (error) {
    throw new CapturedError(error, scope);
  }
}

/** Carries the capture scope alongside an error thrown inside it. */
export class CapturedError extends Error {
  readonly original: unknown;
  readonly scope: CaptureScope;
  constructor(original: unknown, scope: CaptureScope) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'CapturedError';
    this.original = original;
    this.scope = scope;
  }
}

/** A fetch that records JSON responses into the current capture scope (no-op outside one). */
export function capturingFetch(inner: typeof fetch = globalThis.fetch): typeof fetch {
  const capture = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await inner(input, init);
    const scope = storage.getStore();
    const type = response.headers.get('content-type') ?? '';
    const length = Number(response.headers.get('content-length') ?? '0');
    if (scope && type.includes('json') && length <= MAX_CAPTURE_BYTES) {
      let body: unknown;
      try {
        body = JSON.parse(await response.clone().text());
      } catch {
        body = undefined;
      }
      scope.last = {
        url: input instanceof Request ? input.url : String(input),
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body,
      };
    }
    return response;
  };
  return capture as typeof fetch;
}

/** A field of a JSON object, if the value is one. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
