import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

/** One generation of one account (another account's id reads as absent). */
export async function getGeneration(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<GenerationRow | undefined> {
  const result = await db.query('SELECT * FROM generations WHERE id = $1 AND account_id = $2', [
    id,
    accountId,
  ]);
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}

/** Any account's generation (worker and webhook use only). */
export async function getGenerationById(db: Queryable, id: string): Promise<GenerationRow | undefined> {
  const result = await db.query('SELECT * FROM generations WHERE id = $1', [id]);
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}

/** The generation tracking a provider job (for webhooks). */
export async function getGenerationByProviderJob(
  db: Queryable,
  provider: string,
  providerJobId: string,
): Promise<GenerationRow | undefined> {
  const result = await db.query(
    'SELECT * FROM generations WHERE provider = $1 AND provider_job_id = $2 LIMIT 1',
    [provider, providerJobId],
  );
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}
