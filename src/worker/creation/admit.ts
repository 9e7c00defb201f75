/**
 * The admission step of every billable create: the content policy on its prompts (pure, in
 * src/core/admission.ts), then — inside the creating transaction, under a per-account advisory
 * lock — its budgets and concurrency against the spend ledger. The lock makes admission correct
 * across any number of API processes on one PostgreSQL server.
 */
import { type AdmissionRequest, admitBudget, admitPolicy, hasLimits } from '../../core/admission.ts';
import { budgetWindows, type BudgetUsage } from '../../core/budget.ts';
import type { PolicyOptions } from '../../core/content-policy.ts';
import type { Queryable } from '../../db/db.ts';
import { type AccountLimits, readAccountLimits, runningJobs } from '../../db/queries/segments.ts';
import { ledgerSpend, lockAccountSpend } from '../../db/queries/spend-ledger.ts';

export interface AdmissionPolicy {
  /** Operator rules applied to every account whose check is on. */
  policy?: Pick<PolicyOptions, 'allowRules' | 'extraRules'> | undefined;
  /** Check prompts of account ids without an `accounts` row (library use). Default false. */
  checkUnknownAccounts?: boolean | undefined;
}

/** The policy options in force for an account. */
export function policyOptionsFor(limits: AccountLimits, settings: AdmissionPolicy): PolicyOptions {
  const enabled = limits.known ? limits.policyCheck : (settings.checkUnknownAccounts ?? false);
  return { enabled, ...settings.policy };
}

/** What an account has spent (and holds) today and this month, and its jobs in flight. */
export async function readBudgetUsage(db: Queryable, accountId: string, nowMs: number): Promise<BudgetUsage> {
  const windows = budgetWindows(nowMs);
  const day = await ledgerSpend(db, accountId, windows.dayStartMs, windows.dayEndMs);
  const month = await ledgerSpend(db, accountId, windows.monthStartMs, windows.monthEndMs);
  const running = await runningJobs(db, accountId);
  return { spentTodayUsd: day.spentUsd, spentThisMonthUsd: month.spentUsd, running };
}

/** Reads the account's limits and checks the prompts; returns the limits for the budget step. */
export async function admitPrompts(
  db: Queryable,
  accountId: string,
  prompts: AdmissionRequest['prompts'],
  settings: AdmissionPolicy,
): Promise<AccountLimits> {
  return admitPromptsWithin(await readAccountLimits(db, accountId), prompts, settings);
}

/** Checks the prompts against limits already read (`readAccountCreateSettings`); returns them. */
export function admitPromptsWithin(
  limits: AccountLimits,
  prompts: AdmissionRequest['prompts'],
  settings: AdmissionPolicy,
): AccountLimits {
  admitPolicy({ prompts, policy: policyOptionsFor(limits, settings) });
  return limits;
}

/**
 * The budget half, run inside the creating transaction: takes the account's lock, reads the
 * ledger and throws when the request does not fit. A no-op for accounts without limits.
 */
export async function admitBudgetLocked(
  tx: Queryable,
  accountId: string,
  limits: AccountLimits,
  request: Pick<AdmissionRequest, 'costUsd' | 'concurrentJobs'>,
  nowMs: number,
): Promise<void> {
  if (!hasLimits(limits)) return;
  await lockAccountSpend(tx, accountId);
  admitBudget(request, limits, await readBudgetUsage(tx, accountId, nowMs), nowMs);
}
