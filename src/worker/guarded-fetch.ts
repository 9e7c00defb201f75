/**
 * Downloads from provider-supplied URLs, which are untrusted: only http(s), redirects followed
 * by hand (a few hops, never to another scheme), credentials sent only to the configured origin
 * and never across a redirect to another origin, and the announced length reported so the copy
 * can be checked byte for byte.
 */
import { ReelgateError } from '../core/errors.ts';
import type { ProviderContent } from '../providers/provider-port.ts';

export interface GuardedFetchOptions {
  fetch: typeof fetch;
  /** Origin allowed to receive `credentialHeaders`. */
  credentialOrigin?: string | undefined;
  credentialHeaders?: Record<string, string> | undefined;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export async function guardedDownload(url: string, options: GuardedFetchOptions): Promise<ProviderContent> {
  let current = parse(url);
  const maxRedirects = options.maxRedirects ?? 5;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const headers: Record<string, string> = {};
    if (options.credentialOrigin && current.origin === options.credentialOrigin) {
      Object.assign(headers, options.credentialHeaders ?? {});
    }
    let response: Response;
    try {
      response = await options.fetch(current.href, {
        headers,
        redirect: 'manual',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      // A destination the outbound guard refuses (invalid_request) will not change on retry.
      const refused = error instanceof ReelgateError && error.code === 'invalid_request';
      throw new ReelgateError({
        code: 'download_failed',
        message: `Could not fetch the result: ${error instanceof Error ? error.message : String(error)}`,
        ...(refused ? { retryable: false } : {}),
        cause: error,
      });
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw failure(`Redirect without a location from ${current.origin}.`, false);
      current = parse(new URL(location, current).href);
      continue;
    }
    if (response.status === 404 || response.status === 410 || response.status === 403) {
      await response.body?.cancel();
      throw new ReelgateError({
        code: 'result_expired',
        message: `The provider's result link answered ${response.status}.`,
        retryable: false,
      });
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw failure(`The result download answered ${response.status}.`, true);
    }
    const length = response.headers.get('content-length');
    return {
      body: response.body,
      bytes: length !== null && /^\d+$/.test(length) ? Number(length) : undefined,
      contentType: response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream',
    };
  }
  throw failure(`Too many redirects (more than ${maxRedirects}).`, false);
}

function parse(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw failure('The provider returned a malformed result URL.', false);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw failure(`Refusing to download from a ${parsed.protocol} URL.`, false);
  }
  if (parsed.username || parsed.password)
    throw failure('Refusing a result URL with embedded credentials.', false);
  return parsed;
}

function failure(message: string, retryable: boolean): ReelgateError {
  return new ReelgateError({ code: 'download_failed', message, retryable });
}
