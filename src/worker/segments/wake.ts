/**
 * Wakes a segmented video's own row as soon as one of its segments changes, so stitching starts
 * the moment the last segment is stored (the row's periodic re-check stays the safety net, and
 * covers segments finished by another process).
 */
import { markDueNow } from '../../db/queries/update-generation.ts';
import type { EngineDeps } from '../engine-deps.ts';

export function wakeParentsOfSegments(
  deps: Pick<EngineDeps, 'db' | 'events' | 'clock' | 'logger'>,
  wake: () => void,
): () => void {
  return deps.events.subscribe({}, (event) => {
    const { generation } = event;
    if (!generation.accountId.startsWith('segment:') || !generation.parentId) return;
    if (event.type === 'generation:progress') return;
    markDueNow(deps.db, generation.parentId, deps.clock.now())
      .then((marked) => {
        if (marked) wake();
      })
      .catch((error: unknown) =>
        deps.logger.warn({ err: String(error) }, 'could not wake a segmented video'),
      );
  });
}
