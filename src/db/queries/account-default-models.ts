/** An account's default fallback list of models (0050, `accounts.default_models`). */
import type { Queryable } from '../db.ts';

/** An account's default fallback list (undefined when none is set or the account is unknown). */
export async function readAccountDefaultModels(
  db: Queryable,
  accountId: string,
): Promise<string[] | undefined> {
  const result = await db.query<{ default_models: unknown }>(
    'SELECT default_models FROM accounts WHERE id = $1',
    [accountId],
  );
  const value = result.rows[0]?.default_models;
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) && list.every((item) => typeof item === 'string') ? list : undefined;
}

export async function writeAccountDefaultModels(
  db: Queryable,
  accountId: string,
  models: readonly string[] | null,
): Promise<boolean> {
  const result = await db.query('UPDATE accounts SET default_models = $2::jsonb WHERE id = $1', [
    accountId,
    models === null ? null : JSON.stringify(models),
  ]);
  return result.rowCount > 0;
}
