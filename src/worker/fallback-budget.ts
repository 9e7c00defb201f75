/**
 * The budget re-check before a generation moves to another model: the account's limits against
 * its spending on the ledger, where this generation already holds its first model's estimate,
 * so only what the new model costs beyond that hold must fit. Uses admission's own reading of
 * the ledger (src/worker/creation/admit.ts) and the pure check (src/core/budget.ts).
 */
import { type BudgetDecision, checkBudget } from '../core/budget.ts';
import type { GenerationRow } from '../db/queries/generation-row.ts';
import { readAccountLimits } from '../db/queries/segments.ts';
import { readBudgetUsage } from './creation/admit.ts';
import type { EngineDeps } from './engine-deps.ts';

export async function checkFallbackBudget(
  deps: EngineDeps,
  row: GenerationRow,
  newCostUsd: number,
): Promise<BudgetDecision> {
  const limits = await readAccountLimits(deps.db, row.account_id);
  const now = deps.clock.now();
  const unlimited = { ...limits, dailyUsd: null, monthlyUsd: null, maxConcurrent: null };
  if (limits.dailyUsd == null && limits.monthlyUsd == null) {
    return checkBudget(
      unlimited,
      { spentTodayUsd: 0, spentThisMonthUsd: 0, running: 0 },
      { costUsd: 0 },
      now,
    );
  }
  const usage = await readBudgetUsage(deps.db, row.account_id, now);
  const held = (row.estimate as { totalUsd?: number } | null | undefined)?.totalUsd ?? 0;
  // The generation already runs: concurrency was admitted with it.
  return checkBudget(
    { ...limits, maxConcurrent: null },
    { ...usage, running: 0 },
    { costUsd: Math.max(0, newCostUsd - held) },
    now,
  );
}
