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

/** How one provider's API spells the request options the AI SDK's call options lack. */
export interface OptionSpelling {
  /** Field for the negative prompt (sent under the provider's key). */
  negativePrompt?: string;
  /** Field for the audio switch, when the package does not send `generateAudio` itself. */
  generateAudio?: string;
  /** Field for the seed, when the package drops a seed of 0 (it tests `if (seed)`). */
  seed?: string;
  /** Field for the frame rate, when the package does not send `fps` itself. */
  fps?: string;
}

/**
 * Moves reelgate's request options into the provider's own fields: the negative prompt from
 * `providerOptions.reelgate`, and seed, fps and audio where the package would drop them. An
 * option with no spelling is left to the package (which sends it or warns).
 */
export function withRequestOptions(options: CallOptions, key: string, spelling: OptionSpelling): CallOptions {
  const { reelgate, ...others } = options.providerOptions ?? {};
  const negativePrompt = (reelgate as Record<string, JSONValue> | undefined)?.negativePrompt;
  const extra: Record<string, JSONValue> = {};
  const adapted: CallOptions = { ...options, providerOptions: others };
  if (typeof negativePrompt === 'string' && spelling.negativePrompt)
    extra[spelling.negativePrompt] = negativePrompt;
  if (options.generateAudio !== undefined && spelling.generateAudio) {
    extra[spelling.generateAudio] = options.generateAudio;
    adapted.generateAudio = undefined;
  }
  if (options.seed !== undefined && spelling.seed) {
    extra[spelling.seed] = options.seed;
    adapted.seed = undefined;
  }
  if (options.fps !== undefined && spelling.fps) {
    extra[spelling.fps] = options.fps;
    adapted.fps = undefined;
  }
  return Object.keys(extra).length === 0 ? adapted : withProviderOptions(adapted, key, extra);
}
