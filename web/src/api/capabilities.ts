/**
 * What the connected server offers, read from its OpenAPI document (`/openapi.json`, public).
 * The studio asks this instead of probing endpoints, so a server without (say) storyboards
 * simply hides that screen: no failed requests, no console errors.
 */
export interface Capabilities {
  has(method: string, path: string): boolean;
  /** The first of `paths` the server offers for `method`, if any. */
  pick(method: string, paths: readonly string[]): string | undefined;
  /** Server version, when the document says. */
  version: string | undefined;
}

export function capabilitiesFrom(document: unknown): Capabilities {
  const routes = new Set<string>();
  let version: string | undefined;
  if (document && typeof document === 'object') {
    const paths = (document as { paths?: unknown }).paths;
    if (paths && typeof paths === 'object') {
      for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
        if (!item || typeof item !== 'object') continue;
        for (const method of Object.keys(item)) routes.add(`${method.toLowerCase()} ${normalise(path)}`);
      }
    }
    const info = (document as { info?: { version?: unknown } }).info;
    if (typeof info?.version === 'string') version = info.version;
  }
  const has = (method: string, path: string) => routes.has(`${method.toLowerCase()} ${normalise(path)}`);
  return {
    has,
    pick: (method, paths) => paths.find((path) => has(method, path)),
    version,
  };
}

/** Path templates compare equal whatever their parameter names: `/v1/videos/{video_id}` = `/v1/videos/{id}`. */
function normalise(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z_]+/g, '{}');
}

/** Used when the server publishes no OpenAPI document: assume the core generation API only. */
export const coreCapabilities: Capabilities = capabilitiesFrom({
  paths: {
    '/v1/generations': { get: {}, post: {} },
    '/v1/generations/{id}': { get: {}, delete: {} },
    '/v1/generations/{id}/cancel': { post: {} },
    '/v1/generations/{id}/events': { get: {} },
    '/v1/events': { get: {} },
    '/v1/videos/{id}/remix': { post: {} },
  },
});
