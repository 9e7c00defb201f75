/**
 * The `idempotency_keys` table (0008): claim a key for a request, record its answer, drop a
 * claim whose request failed in a way a retry may fix. One row per account and key.
 */
import type { Queryable } from '../db.ts';

export interface StoredIdempotencyKey {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  contentType: string | null;
  body: string | null;
  lockedUntil: number;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: StoredIdempotencyKey };

/**
 * Claims `key` for a new request, or returns what is stored. An expired row (past `expires_at`)
 * or a pending claim whose holder stopped (past `locked_until`) is replaced.
 */
export async function claimIdempotencyKey(
  db: Queryable,
  claim: {
    accountId: string;
    key: string;
    fingerprint: string;
    nowMs: number;
    lockMs: number;
    keepMs: number;
  },
): Promise<ClaimResult> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (account_id, key, fingerprint, state, created_at, locked_until, expires_at)
     VALUES ($1, $2, $3, 'pending', $4, $5, $6)
     ON CONFLICT (account_id, key) DO UPDATE
       SET fingerprint = EXCLUDED.fingerprint, state = 'pending', status = NULL, content_type = NULL, body = NULL,
           generation_id = NULL, created_at = EXCLUDED.created_at, locked_until = EXCLUDED.locked_until,
           expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= $4
          OR (idempotency_keys.state = 'pending' AND idempotency_keys.locked_until <= $4
              AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
     RETURNING account_id`,
    [
      claim.accountId,
      claim.key,
      claim.fingerprint,
      claim.nowMs,
      claim.nowMs + claim.lockMs,
      claim.nowMs + claim.keepMs,
    ],
  );
  if (inserted.rows.length > 0) return { claimed: true };
  const existing = await readIdempotencyKey(db, claim.accountId, claim.key);
  if (!existing) return claimIdempotencyKey(db, claim);
  return { claimed: false, existing };
}

export async function readIdempotencyKey(
  db: Queryable,
  accountId: string,
  key: string,
): Promise<StoredIdempotencyKey | undefined> {
  const result = await db.query<{
    fingerprint: string;
    state: 'pending' | 'done';
    status: number | null;
    content_type: string | null;
    body: string | null;
    locked_until: string | number;
  }>(
    'SELECT fingerprint, state, status, content_type, body, locked_until FROM idempotency_keys WHERE account_id = $1 AND key = $2',
    [accountId, key],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    fingerprint: row.fingerprint,
    state: row.state,
    status: row.status === null ? null : Number(row.status),
    contentType: row.content_type,
    body: row.body,
    lockedUntil: Number(row.locked_until),
  };
}

export async function completeIdempotencyKey(
  db: Queryable,
  done: {
    accountId: string;
    key: string;
    status: number;
    contentType: string | null;
    body: string;
    generationId: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'done', status = $3, content_type = $4, body = $5, generation_id = $6
     WHERE account_id = $1 AND key = $2`,
    [done.accountId, done.key, done.status, done.contentType, done.body, done.generationId],
  );
}

/** Forgets a pending claim (its request failed in a way a retry may fix). */
export async function releaseIdempotencyKey(db: Queryable, accountId: string, key: string): Promise<void> {
  await db.query("DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND state = 'pending'", [
    accountId,
    key,
  ]);
}

/** Removes keys past their retention (called now and then). */
export async function purgeIdempotencyKeys(db: Queryable, nowMs: number): Promise<number> {
  const result = await db.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [nowMs]);
  return result.rowCount;
}
