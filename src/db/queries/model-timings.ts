import type { Queryable } from '../db.ts';

/**
 * How long recent jobs of this model, size and duration took from submission to the provider's
 * result (ms), newest first. The poll scheduler's "expected duration learned from history".
 */
export async function recentDurations(
  db: Queryable,
  options: { model: string; size: string; durationSeconds: number; limit: number },
): Promise<number[]> {
  const result = await db.query<{ took: number | string }>(
    `SELECT provider_completed_at - submitted_at AS took FROM generations
     WHERE model = $1 AND size = $2 AND duration_seconds = $3
       AND provider_completed_at IS NOT NULL AND submitted_at IS NOT NULL
     ORDER BY provider_completed_at DESC LIMIT $4`,
    [options.model, options.size, options.durationSeconds, options.limit],
  );
  return result.rows.map((row) => Number(row.took));
}
