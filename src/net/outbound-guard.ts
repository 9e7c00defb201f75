/**
 * The one guard for every URL reelgate fetches that came from outside: provider result URLs,
 * `image_url` inputs and webhook targets. `createGuardedFetch(options)` returns a fetch-compatible
 * function that, for every hop:
 * - allows only https (http only when `allowHttp`), refuses URLs with embedded credentials;
 * - resolves the hostname (injectable resolver) and refuses private, loopback, link-local, CGNAT,
 *   unique-local IPv6, multicast, reserved and cloud-metadata addresses unless explicitly allowed
 *   (`allowedHosts`, `allowedCidrs`, or `allowPrivateNetworks` for everything but metadata);
 * - connects to the checked address itself (no second DNS lookup: DNS rebinding cannot slip in);
 * - follows redirects by hand, re-checking each hop, and strips credential headers
 *   (Authorization, cookies, API-key headers) from any origin not allowed to receive them;
 * - caps the response size (Content-Length up front and counted bytes while streaming) and the
 *   total time of the exchange, body included.
 * Refusals happen before any connection is attempted. Errors are `OutboundRequestError`s.
 *
 * @example
 * const guarded = createGuardedFetch({ credentialOrigins: ['https://api.openai.com'], maxResponseBytes: 4 << 30 });
 * const response = await guarded(resultUrl, { headers: { authorization: `Bearer ${key}` } });
 */
import { lookup } from 'node:dns/promises';
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../shared/system-clock.ts';
import {
  type AddressClass,
  type Cidr,
  cidrContains,
  classifyAddress,
  parseAddress,
  parseCidr,
} from './ip-address.ts';
import { OutboundRequestError } from './outbound-errors.ts';
import { type PinnedAddress, pinnedRequest } from './pinned-transport.ts';

export {
  isOutboundRequestError,
  OutboundRequestError,
  type OutboundRefusalReason,
} from './outbound-errors.ts';

/** Resolves a hostname to its IP addresses (all of them; every one must pass). */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

export interface OutboundGuardOptions {
  /** Permit plain http:// (default false: https only). */
  allowHttp?: boolean | undefined;
  /**
   * Permit private, loopback, link-local, CGNAT and unique-local destinations (local
   * development, e.g. REELGATE_WEBHOOKS_ALLOW_PRIVATE=true). Metadata addresses stay refused.
   */
  allowPrivateNetworks?: boolean | undefined;
  /** Hostnames allowed whatever they resolve to: exact (`localhost`) or `*.suffix`. */
  allowedHosts?: readonly string[] | undefined;
  /** Address ranges allowed although not public, e.g. `127.0.0.0/8` while the emulator runs. */
  allowedCidrs?: readonly string[] | undefined;
  /** DNS resolver (default: the system resolver, all addresses). */
  resolve?: HostResolver | undefined;
  /**
   * Underlying fetch. Default: a transport pinned to the checked address. An injected fetch does
   * its own DNS lookup, so pinning is lost; the address check still runs first.
   */
  fetch?: typeof fetch | undefined;
  /**
   * Origins that may receive credential headers. Default: only the origin of the first URL; a
   * redirect to any other origin drops them, and they never come back on a later hop.
   */
  credentialOrigins?: readonly string[] | undefined;
  /** Redirect hops followed at most (default 5). */
  maxRedirects?: number | undefined;
  /** Largest response body accepted (default 100 MiB). */
  maxResponseBytes?: number | undefined;
  /** Time limit for the whole exchange, body included (default 30 s). */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

/** Per-call overrides of the size and time limits. */
export interface GuardedRequestInit extends RequestInit {
  maxResponseBytes?: number;
  timeoutMs?: number;
}

export interface GuardedFetch {
  (input: string | URL | Request, init?: GuardedRequestInit): Promise<Response>;
  /** Checks a URL as a first hop would be checked (scheme, credentials, DNS, address) without fetching. */
  check(url: string | URL): Promise<URL>;
}

const credentialHeaders = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
];
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const defaultMaxResponseBytes = 100 * 1024 * 1024;
const defaultTimeoutMs = 30_000;

export const defaultResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export function createGuardedFetch(options: OutboundGuardOptions = {}): GuardedFetch {
  const policy = new DestinationPolicy(options);
  const clock = options.clock ?? systemClock;
  const maxRedirects = options.maxRedirects ?? 5;

  async function guardedFetch(
    input: string | URL | Request,
    init: GuardedRequestInit = {},
  ): Promise<Response> {
    const first = policy.parseUrl(input instanceof Request ? input.url : String(input));
    const { maxResponseBytes: _max, timeoutMs: _timeout, signal: _signal, ...requestInit } = init;
    // A streamed request body needs `duplex: 'half'`; it is buffered below (bodies here are small).
    const streamed = requestInit.body instanceof ReadableStream ? ({ duplex: 'half' } as RequestInit) : {};
    const request =
      input instanceof Request
        ? new Request(input, { ...requestInit, ...streamed })
        : new Request(first, { ...requestInit, ...streamed });
    const maxBytes = init.maxResponseBytes ?? options.maxResponseBytes ?? defaultMaxResponseBytes;
    const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? defaultTimeoutMs;
    const redirectMode = init.redirect ?? 'follow';
    let body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    let method = request.method;
    const headers = new Headers(request.headers);
    const credentialOrigins = new Set(options.credentialOrigins ?? [first.origin]);

    const deadline = new Deadline(clock, timeoutMs, init.signal ?? undefined);
    try {
      let current = first;
      for (let hop = 0; ; hop++) {
        if (!credentialOrigins.has(current.origin)) {
          // Once dropped, credentials stay dropped for the rest of the chain.
          for (const name of credentialHeaders) headers.delete(name);
          credentialOrigins.clear();
        }
        const pinned = await deadline.race(policy.checkDestination(current));
        const response = await deadline.race(
          send(current, { method, headers, body, signal: deadline.signal }, pinned),
        );
        if (!redirectStatuses.has(response.status) || redirectMode === 'manual') {
          return limitBody(response, maxBytes, deadline, current);
        }
        await response.body?.cancel().catch(() => {});
        if (redirectMode === 'error') {
          throw new OutboundRequestError(
            'redirect_refused',
            `Redirect refused (${response.status}).`,
            current,
          );
        }
        if (hop >= maxRedirects) {
          throw new OutboundRequestError(
            'too_many_redirects',
            `More than ${maxRedirects} redirects.`,
            current,
          );
        }
        const location = response.headers.get('location');
        if (!location)
          throw new OutboundRequestError('redirect_refused', 'Redirect without a Location.', current);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch (error) {
          throw new OutboundRequestError('bad_url', 'Redirect to a malformed URL.', current, error);
        }
        current = policy.parseUrl(next.href);
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = undefined;
          headers.delete('content-type');
        }
      }
    } catch (error) {
      deadline.done();
      throw deadline.translate(error, first);
    }
  }

  async function send(url: URL, request: Parameters<typeof pinnedRequest>[1], pinned: PinnedAddress) {
    try {
      if (!options.fetch) return await pinnedRequest(url, request, pinned);
      return await options.fetch(url.href, {
        method: request.method,
        headers: request.headers,
        ...(request.body ? { body: request.body as Uint8Array<ArrayBuffer> } : {}),
        redirect: 'manual',
        signal: request.signal,
      });
    } catch (error) {
      if (error instanceof OutboundRequestError) throw error;
      throw new OutboundRequestError('network_error', `Could not reach ${url.host}.`, url, error);
    }
  }

  guardedFetch.check = async (url: string | URL) => {
    const parsed = policy.parseUrl(String(url));
    await policy.checkDestination(parsed);
    return parsed;
  };
  return guardedFetch;
}

/** Decides whether a URL and the addresses behind it may be contacted. */
class DestinationPolicy {
  readonly #allowHttp: boolean;
  readonly #allowPrivate: boolean;
  readonly #hosts: readonly string[];
  readonly #cidrs: readonly Cidr[];
  readonly #resolve: HostResolver;

  constructor(options: OutboundGuardOptions) {
    this.#allowHttp = options.allowHttp ?? false;
    this.#allowPrivate = options.allowPrivateNetworks ?? false;
    this.#hosts = (options.allowedHosts ?? []).map(normaliseHost);
    this.#cidrs = (options.allowedCidrs ?? []).map(parseCidr);
    this.#resolve = options.resolve ?? defaultResolver;
  }

  /** Scheme and shape checks. The WHATWG parser already turns 0x7f.1 or 2130706433 into 127.0.0.1. */
  parseUrl(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch (error) {
      throw new OutboundRequestError('bad_url', 'Not a valid absolute URL.', undefined, error);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.#allowHttp)) {
      throw new OutboundRequestError(
        'scheme_not_allowed',
        `Only ${this.#allowHttp ? 'http and https' : 'https'} URLs are allowed, not ${url.protocol}`,
        url,
      );
    }
    if (url.username || url.password) {
      throw new OutboundRequestError(
        'credentials_in_url',
        'URLs with embedded credentials are refused.',
        url,
      );
    }
    return url;
  }

  /** Resolves the host and checks every address; returns the one to connect to. */
  async checkDestination(url: URL): Promise<PinnedAddress> {
    const hostname = normaliseHost(url.hostname);
    const literal = parseAddress(hostname);
    let addresses: readonly string[];
    if (literal) {
      addresses = [hostname.replace(/^\[|\]$/g, '')];
    } else {
      try {
        addresses = await this.#resolve(hostname);
      } catch (error) {
        throw new OutboundRequestError('dns_failed', `Could not resolve ${hostname}.`, url, error);
      }
      if (addresses.length === 0)
        throw new OutboundRequestError('dns_failed', `${hostname} has no address.`, url);
    }
    const hostAllowed = this.#hosts.some((pattern) => hostMatches(pattern, hostname));
    let pinned: PinnedAddress | undefined;
    for (const text of addresses) {
      const address = parseAddress(text);
      if (!address) throw new OutboundRequestError('dns_failed', `${hostname} resolved to nonsense.`, url);
      const kind = classifyAddress(address);
      if (!hostAllowed && !this.#addressAllowed(address, kind)) {
        throw new OutboundRequestError(
          'address_not_allowed',
          `Refusing to connect to ${hostname}: it resolves to ${withArticle(kind.replace('_', '-'))} address.`,
          url,
        );
      }
      pinned ??= { address: text, family: address.family };
    }
    return pinned!;
  }

  #addressAllowed(address: ReturnType<typeof parseAddress> & object, kind: AddressClass): boolean {
    if (kind === 'public') return true;
    if (this.#cidrs.some((cidr) => cidrContains(cidr, address))) return true;
    return this.#allowPrivate && privateKinds.has(kind);
  }
}

const privateKinds: ReadonlySet<AddressClass> = new Set([
  'loopback',
  'private',
  'link_local',
  'cgnat',
  'unique_local',
]);

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
  return pattern === hostname;
}

/** One time limit for the whole exchange (all hops and the body), on the injected clock. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #timer = new AbortController();
  #timedOut = false;
  readonly #timeoutMs: number;

  constructor(clock: Clock, timeoutMs: number, outer: AbortSignal | undefined) {
    this.#timeoutMs = timeoutMs;
    clock.sleep(timeoutMs, this.#timer.signal).then(
      () => {
        this.#timedOut = true;
        this.#controller.abort(
          new OutboundRequestError('timed_out', `No complete answer within ${timeoutMs} ms.`),
        );
      },
      () => {},
    );
    if (outer) {
      if (outer.aborted) this.#controller.abort(outer.reason);
      else outer.addEventListener('abort', () => this.#controller.abort(outer.reason), { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Settles with `work`, or rejects as soon as the deadline passes or the caller aborts. */
  race<T>(work: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  done(): void {
    this.#timer.abort();
  }

  translate(error: unknown, target: URL): unknown {
    if (error instanceof OutboundRequestError) return error;
    if (this.#timedOut) {
      return new OutboundRequestError(
        'timed_out',
        `No complete answer within ${this.#timeoutMs} ms.`,
        target,
        error,
      );
    }
    return error;
  }
}

/** Passes the body through, counting bytes; errors once it exceeds `maxBytes` or time runs out. */
function limitBody(response: Response, maxBytes: number, deadline: Deadline, url: URL): Response {
  const length = response.headers.get('content-length');
  if (length !== null && /^\d+$/.test(length) && Number(length) > maxBytes) {
    void response.body?.cancel().catch(() => {});
    deadline.done();
    throw new OutboundRequestError('response_too_large', `The answer is larger than ${maxBytes} bytes.`, url);
  }
  if (!response.body) {
    deadline.done();
    return response;
  }
  const reader = response.body.getReader();
  let seen = 0;
  const limited = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          deadline.done();
          controller.close();
          return;
        }
        seen += value.byteLength;
        if (seen > maxBytes) {
          throw new OutboundRequestError(
            'response_too_large',
            `The answer is larger than ${maxBytes} bytes.`,
            url,
          );
        }
        controller.enqueue(value);
      } catch (error) {
        deadline.done();
        await reader.cancel().catch(() => {});
        controller.error(deadline.translate(error, url));
      }
    },
    async cancel(reason) {
      deadline.done();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(limited, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** "a private", "an unspecified": the article that reads right before `word`. */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
