/**
 * The source video of a native extension, for the start call: the segment's stored clip sent
 * as a data URL under the provider option its catalog entry names (xAI: `videoUrl`, with
 * `mode: 'extend-video'` already among the row's provider options). Rows without a source
 * video start unchanged.
 */
import type { JSONValue, SharedV4ProviderOptions } from '@ai-sdk/provider';
import { continuityOf } from '../../core/catalog/continuity.ts';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import type { EngineDeps } from '../engine-deps.ts';

/** The start's provider options with the extension's source video added, when the row has one. */
export async function withSourceVideo(
  deps: EngineDeps,
  row: GenerationRow,
  providerOptions: SharedV4ProviderOptions,
): Promise<SharedV4ProviderOptions> {
  const source = row.inputs.sourceVideo;
  if (!source?.key) return providerOptions;
  const entry = deps.catalog.find(row.model);
  const extend = entry ? continuityOf(entry).extend : undefined;
  if (!extend) return providerOptions;
  const stream = await deps.storage.get(source.key);
  const chunks: Uint8Array[] = [];
  // A source clip is one segment (at most the provider's source limit, about 15 s): small enough to hold.
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const dataUrl = `data:${source.mediaType ?? 'video/mp4'};base64,${Buffer.concat(chunks).toString('base64')}`;
  const key = extend.request.provider;
  return {
    ...providerOptions,
    [key]: {
      ...(providerOptions[key] ?? {}),
      ...(extend.request.options as Record<string, JSONValue>),
      [extend.request.sourceUrlKey]: dataUrl,
    },
  };
}
