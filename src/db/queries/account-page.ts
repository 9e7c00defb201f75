/**
 * One page of an account's rows by creation time (id breaks ties). `after` is the id of the last
 * item of the previous page; one extra row is fetched to tell whether more exist.
 */
import type { Queryable } from '../db.ts';

export interface AccountPageOptions {
  after?: string | undefined;
  limit: number;
  order: 'asc' | 'desc';
}

/**
 * @param where conditions on the table's rows; `params[0]` is the account id (`$1`) and the
 *   conditions number their own parameters after it.
 */
export async function selectAccountPage<Row>(
  db: Queryable,
  table: 'assets' | 'generations',
  where: readonly string[],
  params: readonly unknown[],
  page: AccountPageOptions,
): Promise<{ rows: Row[]; hasMore: boolean }> {
  const conditions = ['account_id = $1', ...where];
  const values = [...params];
  if (page.after) {
    values.push(page.after);
    const comparison = page.order === 'asc' ? '>' : '<';
    conditions.push(
      `(created_at, id) ${comparison} (SELECT created_at, id FROM ${table} WHERE id = $${values.length} AND account_id = $1)`,
    );
  }
  values.push(page.limit + 1);
  const direction = page.order === 'asc' ? 'ASC' : 'DESC';
  const result = await db.query<Row>(
    `SELECT * FROM ${table} WHERE ${conditions.join(' AND ')} ORDER BY created_at ${direction}, id ${direction} LIMIT $${values.length}`,
    values,
  );
  return { rows: result.rows.slice(0, page.limit), hasMore: result.rows.length > page.limit };
}
