/**
 * A generation's expected running time and deadline, from the catalog's typical times and the
 * engine's deadline policy. Pure: the create path and the worker's steps both use it.
 */
import { type CatalogEntry, typicalGenerationSeconds } from './catalog/catalog-entry.ts';

/** Deadline = created + max(minMs, factor x typical generation time), scaled by the provider's speed. */
export interface DeadlinePolicy {
  factor: number;
  minMs: number;
  floorRealMs: number;
  /** Deadline windows (real time, ms) for particular models, `provider:model` -> ms. */
  perModelMs?: Readonly<Record<string, number>> | undefined;
}

/** What these helpers read from the engine's dependencies. */
export interface DeadlineDeps {
  catalog: { find(model: string): CatalogEntry | undefined };
  policy: { deadline: DeadlinePolicy };
}

/** The provider's speed: 1 for a real provider, larger for a faster emulator. */
export interface TimeScaled {
  timeScale: number;
}

/** The catalog's typical submission-to-result time for one job, scaled to the provider's speed. */
export function typicalMs(
  deps: Pick<DeadlineDeps, 'catalog'>,
  model: string,
  size: string,
  durationSeconds: number,
  provider: TimeScaled,
): number {
  const entry = deps.catalog.find(model);
  const catalogSize = entry?.sizes.find((item) => item.size === size);
  const seconds =
    entry && catalogSize
      ? typicalGenerationSeconds(entry, catalogSize, durationSeconds)
      : 120 + 10 * durationSeconds;
  return (seconds * 1000) / Math.max(1, provider.timeScale);
}

/** A generation's deadline from its model's typical time (see DeadlinePolicy). */
export function deadlineFor(
  deps: Pick<DeadlineDeps, 'policy'>,
  createdAtMs: number,
  typicalTotalMs: number,
  provider: TimeScaled,
  model: string,
): number {
  const { factor, minMs, floorRealMs, perModelMs } = deps.policy.deadline;
  const scale = Math.max(1, provider.timeScale);
  const override = perModelMs?.[model];
  if (override !== undefined && override > 0) return createdAtMs + Math.round(override / scale);
  const window = Math.max(factor * typicalTotalMs, minMs / scale, floorRealMs);
  return createdAtMs + Math.round(window);
}
