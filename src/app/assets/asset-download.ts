/**
 * Downloads the image of an asset created from an http(s) URL: every hop passes the outbound
 * guard (scheme, DNS, private and metadata addresses), the body is capped at the asset size
 * limit, and a refusal is a 400 naming the request field.
 */
import type { Clock } from '../../core/clock.ts';
import { maxAssetBytes } from '../../core/assets.ts';
import { invalidRequest, ReelgateError } from '../../core/errors.ts';
import { createGuardedFetch, type HostResolver, isOutboundRequestError } from '../../net/outbound-guard.ts';
import type { OutboundSettings } from '../../config/load-config.ts';
import type { AssetImageFetch } from './asset-service.ts';

export interface AssetDownloadOptions {
  settings: OutboundSettings;
  clock: Clock;
  resolve?: HostResolver | undefined;
  fetch?: typeof fetch | undefined;
}

export function assetImageFetch(options: AssetDownloadOptions): AssetImageFetch {
  const guarded = createGuardedFetch({
    allowHttp: true,
    allowPrivateNetworks: options.settings.allowPrivate,
    allowedHosts: options.settings.allowedHosts,
    resolve: options.resolve,
    fetch: options.fetch,
    clock: options.clock,
    maxResponseBytes: maxAssetBytes,
    timeoutMs: 30_000,
  });
  return async (url, param) => {
    let response: Response;
    let data: Uint8Array;
    try {
      response = await guarded(url);
      data = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (isOutboundRequestError(error)) {
        throw invalidRequest(`Invalid '${param}': ${error.message}`, param, { reason: error.reason });
      }
      if (error instanceof ReelgateError) throw new ReelgateError({ ...errorOptions(error), param });
      throw invalidRequest(`Invalid '${param}': the image could not be downloaded.`, param);
    }
    if (!response.ok) {
      throw invalidRequest(`Invalid '${param}': the image URL answered HTTP ${response.status}.`, param);
    }
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim();
    return { data, ...(mediaType ? { mediaType } : {}) };
  };
}

function errorOptions(error: ReelgateError) {
  return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
}
