import type { PublicStatus } from '../../core/generation.ts';
import type { Queryable } from '../db.ts';
import { type AccountPageOptions, selectAccountPage } from './account-page.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

const statesByStatus: Record<PublicStatus, string[]> = {
  queued: ['accepted', 'submitted', 'running'],
  running: ['running'],
  downloading: ['downloading', 'stored'],
  completed: ['completed'],
  failed: ['failed'],
  canceled: ['canceled'],
  expired: ['expired'],
};

export interface ListOptions extends AccountPageOptions {
  status?: PublicStatus | undefined;
  model?: string | undefined;
}

/**
 * One page of an account's generations by creation time (id breaks ties); `after` is the id of
 * the last item of the previous page. Fetches one extra row to tell whether more exist.
 */
export async function listGenerations(
  db: Queryable,
  accountId: string,
  options: ListOptions,
): Promise<{ rows: GenerationRow[]; hasMore: boolean }> {
  const params: unknown[] = [accountId];
  const where: string[] = [];
  if (options.status === 'queued') {
    where.push("(state IN ('accepted', 'submitted') OR (state = 'running' AND started_at IS NULL))");
  } else if (options.status === 'running') {
    where.push("state = 'running' AND started_at IS NOT NULL");
  } else if (options.status) {
    params.push(statesByStatus[options.status]);
    where.push(`state = ANY($${params.length}::text[])`);
  }
  if (options.model) {
    params.push(options.model);
    where.push(`(model = $${params.length} OR model_id = $${params.length})`);
  }
  const page = await selectAccountPage<Record<string, unknown>>(db, 'generations', where, params, options);
  return { rows: page.rows.map(normaliseRow), hasMore: page.hasMore };
}
