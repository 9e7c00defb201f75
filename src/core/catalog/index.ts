/**
 * The built-in catalog: every provider family's entries, one file each. Add a provider by
 * adding its file and listing its entries here.
 */
import { alibabaEntries } from './alibaba.ts';
import { minimaxEntries } from './minimax.ts';
import { bytedanceEntries } from './bytedance.ts';
import { vertexEntries } from './google-vertex.ts';
import { gatewayEntries } from './gateway.ts';
import { openrouterEntries } from './openrouter.ts';
import type { CatalogEntry } from './catalog-entry.ts';
import { falEntries } from './fal.ts';
import { googleEntries } from './google.ts';
import { openaiEntries } from './openai.ts';
import { CatalogRegistry } from './registry.ts';
import { replicateEntries } from './replicate.ts';
import { xaiEntries } from './xai.ts';

export * from './catalog-entry.ts';
export * from './continuity.ts';
export { CatalogRegistry } from './registry.ts';

export const builtInEntries: readonly CatalogEntry[] = [
  ...openaiEntries,
  ...falEntries,
  ...googleEntries,
  ...replicateEntries,
  ...xaiEntries,
  ...alibabaEntries,
  ...minimaxEntries,
  ...bytedanceEntries,
  ...vertexEntries,
  ...gatewayEntries,
  ...openrouterEntries,
];

/** A fresh registry holding every built-in entry; the default model is sora-2. */
export function createDefaultCatalog(extra: readonly CatalogEntry[] = []): CatalogRegistry {
  return new CatalogRegistry([...builtInEntries, ...extra], 'openai:sora-2');
}
