/**
 * Queries of segmented videos (0003) and account limits (0004): a parent's segment rows, reusable
 * finished segments, the jobs an account has in flight, and its limits. Spending is the ledger's
 * (spend-ledger.ts).
 *
 * Segment rows belong to the internal account `segment:<account>`: they are the parent's
 * internal jobs, so they never appear in the account's listings, event streams or outgoing
 * webhooks; the parent shows their state.
 */
import type { BudgetLimits } from '../../core/budget.ts';
import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

const activeList = "('accepted', 'submitted', 'running', 'downloading', 'stored')";

/** The account segment rows are stored under. */
export function segmentAccountId(accountId: string): string {
  return `segment:${accountId}`;
}

/** Every segment row of a parent (all attempts), by segment index then creation. */
export async function listSegmentRows(db: Queryable, parentId: string): Promise<GenerationRow[]> {
  const result = await db.query(
    'SELECT * FROM generations WHERE parent_id = $1 AND segment_index IS NOT NULL ORDER BY segment_index, created_at, id',
    [parentId],
  );
  return result.rows.map(normaliseRow);
}

/**
 * A finished segment of an earlier, failed or canceled video of the same account that made
 * exactly this segment (same model, size, duration, prompt, and the same continuity source),
 * so a corrected retry can reuse it instead of paying again.
 */
export async function findReusableSegment(
  db: Queryable,
  match: {
    segmentAccount: string;
    model: string;
    size: string;
    durationSeconds: number;
    prompt: string;
    /** The reused segment this one continues from (last frame), or null for none. */
    continuesFrom: string | null;
    excludeParent: string;
  },
): Promise<GenerationRow | undefined> {
  const result = await db.query(
    `SELECT s.* FROM generations s JOIN generations p ON p.id = s.parent_id
     WHERE s.account_id = $1 AND s.segment_index IS NOT NULL AND s.state = 'completed'
       AND s.model = $2 AND s.size = $3 AND s.duration_seconds = $4 AND s.prompt = $5
       AND COALESCE(s.inputs->>'continuesFrom', '') = $6 AND s.parent_id <> $7
       AND p.state IN ('failed', 'canceled') AND s.video_key IS NOT NULL
     ORDER BY s.completed_at DESC LIMIT 1`,
    [
      match.segmentAccount,
      match.model,
      match.size,
      match.durationSeconds,
      match.prompt,
      match.continuesFrom ?? '',
      match.excludeParent,
    ],
  );
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}

/** Provider jobs the account has in flight (plain generations and segments, not their parents). */
export async function runningJobs(db: Queryable, accountId: string): Promise<number> {
  const result = await db.query<{ n: string | number }>(
    `SELECT COUNT(*) AS n FROM generations
     WHERE account_id IN ($1, $2) AND state IN ${activeList} AND plan IS NULL`,
    [accountId, segmentAccountId(accountId)],
  );
  return Number(result.rows[0]?.n ?? 0);
}

export interface AccountLimits extends BudgetLimits {
  /** Whether the pre-flight content policy check runs (on by default). */
  policyCheck: boolean;
  /** False when the id has no row in `accounts` (engine used directly as a library). */
  known: boolean;
}

const unlimited: AccountLimits = {
  dailyUsd: null,
  monthlyUsd: null,
  maxConcurrent: null,
  policyCheck: true,
  known: false,
};

/** The account's budgets, concurrency limit and policy switch (defaults when it has no row). */
interface LimitColumns {
  daily_budget_usd: string | number | null;
  monthly_budget_usd: string | number | null;
  budget_usd: string | number | null;
  concurrency_limit: number | null;
  policy_check: boolean;
}

const limitColumns = 'daily_budget_usd, monthly_budget_usd, budget_usd, concurrency_limit, policy_check';

function limitsOf(row: LimitColumns | undefined): AccountLimits {
  if (!row) return { ...unlimited };
  const monthly = row.monthly_budget_usd ?? row.budget_usd;
  return {
    dailyUsd: row.daily_budget_usd === null ? null : Number(row.daily_budget_usd),
    monthlyUsd: monthly === null ? null : Number(monthly),
    maxConcurrent: row.concurrency_limit === null ? null : Number(row.concurrency_limit),
    policyCheck: row.policy_check !== false,
    known: true,
  };
}

export async function readAccountLimits(db: Queryable, accountId: string): Promise<AccountLimits> {
  const result = await db.query<LimitColumns>(`SELECT ${limitColumns} FROM accounts WHERE id = $1`, [
    accountId,
  ]);
  return limitsOf(result.rows[0]);
}

/** What a create reads of its account, in one statement: the limits and the default fallback list. */
export interface AccountCreateSettings {
  limits: AccountLimits;
  /** The account's default fallback list (0050), undefined when none is set. */
  defaultModels: string[] | undefined;
}

export async function readAccountCreateSettings(
  db: Queryable,
  accountId: string,
): Promise<AccountCreateSettings> {
  const result = await db.query<LimitColumns & { default_models: unknown }>(
    `SELECT ${limitColumns}, default_models FROM accounts WHERE id = $1`,
    [accountId],
  );
  const row = result.rows[0];
  const value = row?.default_models;
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return {
    limits: limitsOf(row),
    defaultModels: Array.isArray(list) && list.every((item) => typeof item === 'string') ? list : undefined,
  };
}

export interface AccountLimitsPatch {
  dailyUsd?: number | null;
  monthlyUsd?: number | null;
  maxConcurrent?: number | null;
  policyCheck?: boolean;
}

/** Updates the given limits; false when the account does not exist. */
export async function writeAccountLimits(
  db: Queryable,
  accountId: string,
  patch: AccountLimitsPatch,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [accountId];
  const add = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (patch.dailyUsd !== undefined) add('daily_budget_usd', patch.dailyUsd);
  if (patch.monthlyUsd !== undefined) {
    add('monthly_budget_usd', patch.monthlyUsd);
    // The older single budget column would otherwise stand in for an unset monthly budget.
    if (patch.monthlyUsd === null) add('budget_usd', null);
  }
  if (patch.maxConcurrent !== undefined) add('concurrency_limit', patch.maxConcurrent);
  if (patch.policyCheck !== undefined) add('policy_check', patch.policyCheck);
  if (sets.length === 0) {
    const exists = await db.query('SELECT 1 FROM accounts WHERE id = $1', [accountId]);
    return exists.rows.length > 0;
  }
  const result = await db.query(`UPDATE accounts SET ${sets.join(', ')} WHERE id = $1 RETURNING id`, params);
  return result.rows.length > 0;
}
