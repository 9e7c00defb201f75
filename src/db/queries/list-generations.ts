import type { PublicStatus } from '../../core/generation.ts';
import type { Queryable } from '../db.ts';
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

export interface ListOptions {
  after?: string | undefined;
  limit: number;
  order: 'asc' | 'desc';
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
  const where = ['account_id = $1'];
  const comparison = options.order === 'asc' ? '>' : '<';
  if (options.after) {
    params.push(options.after);
    where.push(
      `(created_at, id) ${comparison} (SELECT created_at, id FROM generations WHERE id = $${params.length} AND account_id = $1)`,
    );
  }
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
  params.push(options.limit + 1);
  const direction = options.order === 'asc' ? 'ASC' : 'DESC';
  const result = await db.query(
    `SELECT * FROM generations WHERE ${where.join(' AND ')} ORDER BY created_at ${direction}, id ${direction} LIMIT $${params.length}`,
    params,
  );
  const rows = result.rows.map(normaliseRow);
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}
