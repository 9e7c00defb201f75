/**
 * Veo on Vertex AI (`@ai-sdk/google-vertex`): the same models as on the Gemini API under their
 * Vertex ids, with Vertex's prices.
 *
 * Sources (as remembered; unverified in 2026-12):
 * - https://cloud.google.com/vertex-ai/generative-ai/docs/models/veo (durations 4/6/8 s for
 *   Veo 3.x, 5-8 s for Veo 2; 16:9 and 9:16; 720p and 1080p; `storageUri` for Cloud Storage
 *   output, inline bytes otherwise);
 * - https://cloud.google.com/vertex-ai/generative-ai/pricing (Veo 3 / 3.1 $0.40 per second
 *   with audio, Fast $0.15, Veo 2 $0.50).
 */
import type { CatalogEntry } from './catalog-entry.ts';
import { googleEntries } from './google.ts';

const docs = 'https://cloud.google.com/vertex-ai/generative-ai/docs/models/veo';
const pricing = 'https://cloud.google.com/vertex-ai/generative-ai/pricing';

function onVertex(geminiId: string, modelId: string, perSecondUsd: number, aliases: string[]): CatalogEntry {
  const base = googleEntries.find((entry) => entry.modelId === geminiId)!;
  return {
    ...base,
    id: `google-vertex:${modelId}`,
    provider: 'google-vertex',
    modelId,
    displayName: `${base.displayName} (Vertex AI)`,
    aliases,
    sizes: base.sizes.map((size) => {
      const { pricePerSecondUsd: _unused, ...rest } = size;
      return rest;
    }),
    extension: { supported: false },
    pricing: {
      perSecondUsd,
      source: `${pricing} (per second of video)`,
      asOf: '2025-10 (unverified in 2026-12)',
    },
    sources: [docs, pricing],
  };
}

export const vertexEntries: readonly CatalogEntry[] = [
  onVertex('veo-3.1-generate-preview', 'veo-3.1-generate-001', 0.4, ['vertex-veo-3.1']),
  onVertex('veo-3.1-fast-generate-preview', 'veo-3.1-fast-generate-001', 0.15, ['vertex-veo-3.1-fast']),
  onVertex('veo-3.0-generate-001', 'veo-3.0-generate-001', 0.4, ['vertex-veo-3']),
  onVertex('veo-3.0-fast-generate-001', 'veo-3.0-fast-generate-001', 0.15, ['vertex-veo-3-fast']),
];
