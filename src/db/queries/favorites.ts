/** Favourite generations of an account: mark, unmark, list. */
import type { Queryable } from '../db.ts';

export interface FavoriteRow {
  generationId: string;
  createdAt: number;
}

/**
 * Marks one of the account's own generations as a favourite (idempotent). Returns false when
 * the account has no generation with that id (so another account's id reads as unknown).
 */
export async function addFavorite(
  db: Queryable,
  accountId: string,
  generationId: string,
  now: number,
): Promise<boolean> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO favorites (account_id, generation_id, created_at)
     SELECT account_id, id, $3 FROM generations WHERE id = $2 AND account_id = $1
     ON CONFLICT (account_id, generation_id) DO NOTHING
     RETURNING generation_id AS id`,
    [accountId, generationId, now],
  );
  if (result.rowCount > 0) return true;
  const owned = await db.query('SELECT 1 FROM generations WHERE id = $1 AND account_id = $2', [
    generationId,
    accountId,
  ]);
  return owned.rowCount > 0;
}

export async function removeFavorite(db: Queryable, accountId: string, generationId: string): Promise<void> {
  await db.query('DELETE FROM favorites WHERE account_id = $1 AND generation_id = $2', [
    accountId,
    generationId,
  ]);
}

export async function listFavorites(db: Queryable, accountId: string, limit = 1000): Promise<FavoriteRow[]> {
  const result = await db.query<{ generation_id: string; created_at: string | number }>(
    'SELECT generation_id, created_at FROM favorites WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2',
    [accountId, limit],
  );
  return result.rows.map((row) => ({ generationId: row.generation_id, createdAt: Number(row.created_at) }));
}
