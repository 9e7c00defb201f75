/**
 * An origin-rewriting `fetch`, for provider packages that ignore `baseURL` for part of their
 * calls (`@ai-sdk/fal` sends video queue requests to a fixed https://queue.fal.run/...).
 * Requests to a listed origin go to the replacement base instead, with `X-Forwarded-Host` /
 * `X-Forwarded-Proto` naming the original origin, the way a reverse proxy would, so the
 * server can hand back URLs on the origin the package expects. Everything else passes through.
 *
 * @example
 * const fetch = originRewriteFetch({ 'https://queue.fal.run': 'http://127.0.0.1:4010/fal' });
 * const fal = createFal({ apiKey, fetch });
 */

export type OriginMap = Readonly<Record<string, string>>;

export function originRewriteFetch(map: OriginMap, inner: typeof fetch = globalThis.fetch): typeof fetch {
  const rules = Object.entries(map).map(([from, to]) => ({
    from: new URL(from).origin,
    to: to.replace(/\/+$/, ''),
  }));
  const rewritten = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const rule = rules.find((item) => item.from === url.origin);
    if (!rule) return inner(input, init);
    const target = `${rule.to}${url.pathname}${url.search}`;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('x-forwarded-host', url.host);
    headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
    if (input instanceof Request)
      return inner(new Request(target, { ...requestInit(input), ...init, headers }));
    return inner(target, { ...init, headers });
  };
  return rewritten as typeof fetch;
}

function requestInit(request: Request): RequestInit {
  return {
    method: request.method,
    body: request.body,
    signal: request.signal,
    redirect: request.redirect,
    duplex: 'half',
  } as RequestInit;
}
