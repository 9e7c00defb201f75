/** Helpers for adapting call options: provider option merging. Pure. */
import type { JSONValue } from '@ai-sdk/provider';
import type { CallOptions } from './provider-family.ts';
import { parseSize } from './size-options.ts';

/** Options with `providerOptions[key]` extended by `extra` (explicit caller values win). */
export function withProviderOptions(
  options: CallOptions,
  key: string,
  extra: Record<string, JSONValue>,
): CallOptions {
  const current = (options.providerOptions?.[key] ?? {}) as Record<string, JSONValue>;
  return {
    ...options,
    providerOptions: { ...(options.providerOptions ?? {}), [key]: { ...extra, ...current } },
  };
}

/**
 * The common adaptation: `resolution: "WxH"` becomes an aspect ratio plus a resolution class
 * in the provider's options (`resolution: "720p"`), and the raw size is dropped.
 */
export function sizeAsAspectAndClass(options: CallOptions, providerKey: string): CallOptions {
  const size = parseSize(options.resolution);
  if (!size) return options;
  const adapted: CallOptions = {
    ...options,
    resolution: undefined,
    aspectRatio: options.aspectRatio ?? size.aspectRatio,
  };
  return withProviderOptions(adapted, providerKey, { resolution: size.resolutionClass });
}
