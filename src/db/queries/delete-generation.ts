import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

/** Deletes one account's generation; returns the deleted row (for removing its files). */
export async function deleteGeneration(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<GenerationRow | undefined> {
  const result = await db.query('DELETE FROM generations WHERE id = $1 AND account_id = $2 RETURNING *', [
    id,
    accountId,
  ]);
  const row = result.rows[0];
  if (!row) return undefined;
  await db.query('DELETE FROM generation_steps WHERE generation_id = $1', [id]);
  return normaliseRow(row);
}
