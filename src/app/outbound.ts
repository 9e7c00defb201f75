/**
 * How the engine applies the one outbound guard (src/net/outbound-guard.ts) to URLs that came
 * from outside: provider result URLs the worker downloads, and `image_url` inputs, checked when
 * a generation is accepted (scheme, DNS, address classes) so a request naming a private,
 * loopback, link-local or metadata address is refused with a 400 before anything connects.
 *
 * Destinations that configuration trusts stay reachable: the hosts of configured provider
 * origins (where their credentials go), and loopback while a provider is the local emulator.
 * REELGATE_OUTBOUND_ALLOW_PRIVATE=true opens private networks for local development
 * (metadata addresses stay refused); REELGATE_OUTBOUND_ALLOWED_HOSTS adds host names.
 */
import type { Clock } from '../core/clock.ts';
import { invalidRequest } from '../core/errors.ts';
import {
  createGuardedFetch,
  type GuardedFetch,
  type HostResolver,
  isOutboundRequestError,
} from '../net/outbound-guard.ts';
import type { OutboundSettings } from '../config/load-config.ts';
import type { ProviderBinding } from '../providers/provider-port.ts';

export type { OutboundSettings };

export const defaultOutboundSettings: OutboundSettings = { allowPrivate: false, allowedHosts: [] };

/** Largest result accepted and the time allowed for one whole download (the copy streams). */
const downloadLimits = { maxResponseBytes: 64 * 1024 ** 3, timeoutMs: 2 * 60 * 60_000 };
const loopbackCidrs = ['127.0.0.0/8', '::1/128'];

export interface EngineOutboundOptions {
  settings: OutboundSettings;
  providers: readonly ProviderBinding[];
  clock: Clock;
  /** Underlying fetch (tests); default: the guard's transport pinned to the checked address. */
  fetch?: typeof fetch | undefined;
  /** DNS resolver (tests inject one: no real lookups). */
  resolve?: HostResolver | undefined;
}

function hostOf(origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  try {
    return new URL(origin).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** The fetch the worker downloads provider results with: every hop passes the guard. */
export function engineDownloadFetch(options: EngineOutboundOptions): GuardedFetch {
  const providerHosts = options.providers
    .map((provider) => hostOf(provider.credentialOrigin))
    .filter((host) => host !== undefined);
  const emulated = options.providers.some((provider) => provider.emulated);
  return createGuardedFetch({
    allowHttp: true,
    allowPrivateNetworks: options.settings.allowPrivate,
    allowedHosts: [...options.settings.allowedHosts, ...providerHosts],
    allowedCidrs: emulated ? loopbackCidrs : [],
    resolve: options.resolve,
    fetch: options.fetch,
    clock: options.clock,
    ...downloadLimits,
  });
}

/**
 * Checks an `image_url` input (a provider fetches it later: it must not point reelgate's
 * providers or emulator at internal addresses). data: URLs carry their bytes and pass.
 */
export function imageUrlCheck(
  options: Omit<EngineOutboundOptions, 'providers' | 'fetch'>,
): (url: string, param: string) => Promise<void> {
  const guard = createGuardedFetch({
    allowHttp: true,
    allowPrivateNetworks: options.settings.allowPrivate,
    allowedHosts: options.settings.allowedHosts,
    resolve: options.resolve,
    clock: options.clock,
  });
  return async (url, param) => {
    if (url.startsWith('data:')) return;
    try {
      await guard.check(url);
    } catch (error) {
      if (!isOutboundRequestError(error)) throw error;
      throw invalidRequest(`Invalid '${param}': ${error.message}`, param, { reason: error.reason });
    }
  };
}
