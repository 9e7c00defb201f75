/**
 * Matching a provider's listed jobs against a start whose outcome reelgate does not know (see
 * `ProviderBinding.findLostJobs`). Where the provider cannot carry a reference of ours, a job
 * matches by attributes: the same prompt, the same model (a dated snapshot of it counts), and a
 * creation time within the window around the moment the create was sent.
 */
import type { LostJobQuery } from './provider-port.ts';

/** At most this many list pages are read per search (a page is up to 100 jobs). */
export const MAX_LIST_PAGES = 20;

export interface ListedJob {
  prompt: string | null | undefined;
  model: string | null | undefined;
  createdAtMs: number | null | undefined;
}

/** True when the listed job has the query's prompt and model and was created inside its window. */
export function matchesAttributes(job: ListedJob, query: LostJobQuery): boolean {
  if (typeof job.prompt !== 'string' || job.prompt.trim() !== query.prompt.trim()) return false;
  if (!sameModel(job.model, query.modelId)) return false;
  return typeof job.createdAtMs === 'number' && withinWindow(job.createdAtMs, query);
}

export function withinWindow(createdAtMs: number, query: LostJobQuery): boolean {
  return Math.abs(createdAtMs - query.sentAtMs) <= query.windowMs;
}

/** The earliest creation time a matching job can have (list pages older than this can stop). */
export function windowStartMs(query: LostJobQuery): number {
  return query.sentAtMs - query.windowMs;
}

function sameModel(listed: string | null | undefined, wanted: string): boolean {
  if (typeof listed !== 'string') return false;
  // `sora-2-2025-10-06` is a dated snapshot of `sora-2`.
  return (
    listed === wanted ||
    (listed.startsWith(`${wanted}-`) && /^\d{4}-\d{2}-\d{2}$/.test(listed.slice(wanted.length + 1)))
  );
}
