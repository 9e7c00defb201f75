/**
 * Cost estimates before submission, from the catalog's price per second. A segmented request
 * pays for every segment's full duration (a trimmed overshoot is paid and then cut); segments
 * already finished by an earlier attempt are not paid again. Pure.
 *
 * Money is summed in whole ten-thousandths of a dollar so totals never drift by float error.
 */
import { type CatalogEntry, type CatalogSize, estimateCostUsd } from './catalog/catalog-entry.ts';
import { continuityOf, extensionSourceCostUsd, extensionSourceSeconds } from './catalog/continuity.ts';
import type { SegmentPlan } from './segment-plan.ts';

export interface SegmentCost {
  segmentIndex: number;
  shotIndex: number;
  billedSeconds: number;
  costUsd: number;
  /** Finished by an earlier attempt: kept, not paid again (costUsd is then what it cost). */
  alreadyPaid: boolean;
}

export interface CostEstimate {
  model: string;
  size: string;
  currency: 'USD';
  perSecondUsd: number;
  /** What submitting now would cost. */
  totalUsd: number;
  /** Seconds that would be paid now. */
  billedSeconds: number;
  /** Seconds in the delivered video. */
  deliveredSeconds: number;
  /** Paid seconds cut away when stitching (a planned overshoot). */
  trimmedSeconds: number;
  segments: SegmentCost[];
  pricing: { source: string; asOf: string };
  notes: string[];
}

const UNITS_PER_USD = 10_000;

/** The per-second price for this model at this size. */
export function pricePerSecondUsd(entry: CatalogEntry, size: CatalogSize): number {
  return size.pricePerSecondUsd ?? entry.pricing.perSecondUsd;
}

/**
 * Estimate for one plain generation.
 *
 * @example
 * estimateSingle(sora2, sora2.sizes[0], 8).totalUsd; // 0.8
 */
export function estimateSingle(
  entry: CatalogEntry,
  size: CatalogSize,
  durationSeconds: number,
): CostEstimate {
  const costUsd = estimateCostUsd(entry, size, durationSeconds);
  return {
    model: entry.id,
    size: size.size,
    currency: 'USD',
    perSecondUsd: pricePerSecondUsd(entry, size),
    totalUsd: costUsd,
    billedSeconds: durationSeconds,
    deliveredSeconds: durationSeconds,
    trimmedSeconds: 0,
    segments: [
      { segmentIndex: 0, shotIndex: 0, billedSeconds: durationSeconds, costUsd, alreadyPaid: false },
    ],
    pricing: { source: entry.pricing.source, asOf: entry.pricing.asOf },
    notes: notesFor(entry),
  };
}

/** Estimate for a segmented video or storyboard plan. */
export function estimatePlan(
  entry: CatalogEntry,
  size: CatalogSize,
  plan: Pick<SegmentPlan, 'segments'>,
  options: { alreadyPaid?: ReadonlySet<number> } = {},
): CostEstimate {
  const paid = options.alreadyPaid ?? new Set<number>();
  let totalUnits = 0;
  let billedMs = 0;
  let deliveredMs = 0;
  let trimmedMs = 0;
  let sourceMs = 0;
  const segments: SegmentCost[] = plan.segments.map((segment) => {
    // An extension also pays for the source video it sends (the previous segment's new part).
    const previous = segment.continuity === 'extend' ? plan.segments[segment.index - 1] : undefined;
    const sourceSeconds = previous ? extensionSourceSeconds(entry, previous.durationSeconds) : 0;
    const sourceUsd = extensionSourceCostUsd(entry, sourceSeconds);
    if (sourceUsd > 0 && !paid.has(segment.index)) sourceMs += Math.round(sourceSeconds * 1000);
    const costUsd = addUsd(estimateCostUsd(entry, size, segment.durationSeconds), sourceUsd);
    const alreadyPaid = paid.has(segment.index);
    if (!alreadyPaid) {
      totalUnits += Math.round(costUsd * UNITS_PER_USD);
      billedMs += Math.round(segment.durationSeconds * 1000);
    }
    deliveredMs += Math.round(segment.keepSeconds * 1000);
    trimmedMs += Math.round((segment.durationSeconds - segment.keepSeconds) * 1000);
    return {
      segmentIndex: segment.index,
      shotIndex: segment.shotIndex,
      billedSeconds: segment.durationSeconds,
      costUsd,
      alreadyPaid,
    };
  });
  const notes = notesFor(entry);
  if (trimmedMs > 0)
    notes.push(`${trimmedMs / 1000} s are paid for but trimmed: the model cannot make this exact length.`);
  if (sourceMs > 0)
    notes.push(
      `Extensions also pay for the ${sourceMs / 1000} s of source video they send ($${continuityOf(entry).extend?.sourcePricePerSecondUsd} per second).`,
    );
  if (paid.size > 0)
    notes.push(
      paid.size === 1
        ? 'One finished part from an earlier attempt is reused and not paid again.'
        : `${paid.size} finished parts from an earlier attempt are reused and not paid again.`,
    );
  return {
    model: entry.id,
    size: size.size,
    currency: 'USD',
    perSecondUsd: pricePerSecondUsd(entry, size),
    totalUsd: totalUnits / UNITS_PER_USD,
    billedSeconds: billedMs / 1000,
    deliveredSeconds: deliveredMs / 1000,
    trimmedSeconds: trimmedMs / 1000,
    segments,
    pricing: { source: entry.pricing.source, asOf: entry.pricing.asOf },
    notes,
  };
}

/** Adds money amounts without float drift (ten-thousandths of a dollar). */
export function addUsd(...amounts: number[]): number {
  return amounts.reduce((sum, amount) => sum + Math.round(amount * UNITS_PER_USD), 0) / UNITS_PER_USD;
}

function notesFor(entry: CatalogEntry): string[] {
  return [
    `Based on the provider's published price: ${entry.pricing.source}, as of ${entry.pricing.asOf}. The provider's own bill is what counts.`,
  ];
}
