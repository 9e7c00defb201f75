/**
 * The spend ledger (0007): reservations written with a new generation, and what an account
 * spent or holds in a budget window, in total, per UTC day and per model. Starts, actual costs
 * and releases are appended by the database itself when a generation row changes (see the
 * migration), so no code path can forget them. Entries are never updated or deleted.
 */
import type { Queryable } from '../db.ts';

export interface LedgerSpend {
  /** Charged plus held by unfinished generations, USD. */
  spentUsd: number;
  /** Held by unfinished generations beyond what their starts were charged, USD. */
  reservedUsd: number;
  /** Generations charged or holding money in the window. */
  count: number;
}

/**
 * Per generation: `charged` (starts and actual costs) and `held` (reservation not yet released).
 * A generation counts GREATEST(charged, held).
 */
const perGeneration = `SELECT generation_id, MIN(model) AS model, MIN(period_at) AS period_at,
    SUM(CASE WHEN kind IN ('start', 'actual') THEN amount_usd ELSE 0 END) AS charged,
    SUM(CASE WHEN kind IN ('reserve', 'release') THEN amount_usd ELSE 0 END) AS held
  FROM spend_ledger WHERE account_id = $1 AND period_at >= $2 AND period_at < $3
  GROUP BY generation_id`;

export async function ledgerSpend(
  db: Queryable,
  accountId: string,
  fromMs: number,
  toMs: number,
): Promise<LedgerSpend> {
  const result = await db.query<{
    spent: string | number | null;
    reserved: string | number | null;
    n: string | number;
  }>(
    `SELECT SUM(GREATEST(charged, held)) AS spent, SUM(GREATEST(held - charged, 0)) AS reserved, COUNT(*) AS n
     FROM (${perGeneration}) g`,
    [accountId, fromMs, toMs],
  );
  const row = result.rows[0];
  return {
    spentUsd: roundUsd(Number(row?.spent ?? 0)),
    reservedUsd: roundUsd(Number(row?.reserved ?? 0)),
    count: Number(row?.n ?? 0),
  };
}

export interface SpendByModel {
  model: string;
  count: number;
  costUsd: number;
}

export async function ledgerSpendByModel(
  db: Queryable,
  accountId: string,
  fromMs: number,
  toMs: number,
): Promise<SpendByModel[]> {
  const result = await db.query<{ model: string; n: string | number; cost: string | number | null }>(
    `SELECT model, COUNT(*) AS n, SUM(GREATEST(charged, held)) AS cost FROM (${perGeneration}) g
     GROUP BY model ORDER BY model`,
    [accountId, fromMs, toMs],
  );
  return result.rows.map((row) => ({
    model: row.model,
    count: Number(row.n),
    costUsd: roundUsd(Number(row.cost ?? 0)),
  }));
}

export interface SpendByDay {
  /** UTC day start, Unix ms. */
  dayStartMs: number;
  count: number;
  costUsd: number;
}

export async function ledgerSpendByDay(
  db: Queryable,
  accountId: string,
  fromMs: number,
  toMs: number,
): Promise<SpendByDay[]> {
  const result = await db.query<{ day: string | number; n: string | number; cost: string | number | null }>(
    `SELECT (period_at - MOD(period_at, 86400000)) AS day, COUNT(*) AS n, SUM(GREATEST(charged, held)) AS cost
     FROM (${perGeneration}) g GROUP BY 1 ORDER BY 1`,
    [accountId, fromMs, toMs],
  );
  return result.rows.map((row) => ({
    dayStartMs: Number(row.day),
    count: Number(row.n),
    costUsd: roundUsd(Number(row.cost ?? 0)),
  }));
}

/** The ledger entries of one generation, oldest first (history, tests). */
export async function ledgerEntries(
  db: Queryable,
  generationId: string,
): Promise<Array<{ kind: string; sourceId: string; amountUsd: number; entryKey: string }>> {
  const result = await db.query<{
    kind: string;
    source_id: string;
    amount_usd: string | number;
    entry_key: string;
  }>(
    'SELECT kind, source_id, amount_usd, entry_key FROM spend_ledger WHERE generation_id = $1 ORDER BY seq',
    [generationId],
  );
  return result.rows.map((row) => ({
    kind: row.kind,
    sourceId: row.source_id,
    amountUsd: Number(row.amount_usd),
    entryKey: row.entry_key,
  }));
}

/**
 * Serialises admission per account until the transaction ends (any number of processes on one
 * PostgreSQL server; the embedded database has one connection anyway).
 */
export async function lockAccountSpend(tx: Queryable, accountId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('reelgate:spend:' || $1, 0))", [accountId]);
}

function roundUsd(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
