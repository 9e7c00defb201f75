/**
 * Per-account spending limits (per UTC day and per UTC month) and concurrency limits, decided
 * before any provider call. Pure: the caller supplies what the account has spent and how many
 * generations it has running (from the database), and the clock's time.
 */
import { addUsd } from './cost-estimate.ts';
import { ReelgateError } from './errors.ts';

export interface BudgetLimits {
  /** USD per UTC calendar day; null or undefined = no limit. */
  dailyUsd?: number | null;
  /** USD per UTC calendar month. */
  monthlyUsd?: number | null;
  /** Generations (or segments) in flight at once. */
  maxConcurrent?: number | null;
}

export interface BudgetUsage {
  /** Spent plus reserved (accepted, not yet finished) today, USD. */
  spentTodayUsd: number;
  spentThisMonthUsd: number;
  /** Provider jobs currently in flight for the account. */
  running: number;
}

export interface RemainingBudget {
  dailyUsd: number | null;
  monthlyUsd: number | null;
  concurrentSlots: number | null;
  /** ISO times the day and month windows reset. */
  dayResetsAt: string;
  monthResetsAt: string;
}

export interface BudgetWindows {
  dayStartMs: number;
  dayEndMs: number;
  monthStartMs: number;
  monthEndMs: number;
}

/** The UTC day and month containing `nowMs` (the ranges to sum spending over). */
export function budgetWindows(nowMs: number): BudgetWindows {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const day = now.getUTCDate();
  return {
    dayStartMs: Date.UTC(year, month, day),
    dayEndMs: Date.UTC(year, month, day + 1),
    monthStartMs: Date.UTC(year, month, 1),
    monthEndMs: Date.UTC(year, month + 1, 1),
  };
}

/** What is left after the current usage (before the new request). */
export function remainingBudget(limits: BudgetLimits, usage: BudgetUsage, nowMs: number): RemainingBudget {
  const windows = budgetWindows(nowMs);
  return {
    dailyUsd: isLimit(limits.dailyUsd) ? Math.max(0, addUsd(limits.dailyUsd, -usage.spentTodayUsd)) : null,
    monthlyUsd: isLimit(limits.monthlyUsd)
      ? Math.max(0, addUsd(limits.monthlyUsd, -usage.spentThisMonthUsd))
      : null,
    concurrentSlots: isLimit(limits.maxConcurrent) ? Math.max(0, limits.maxConcurrent - usage.running) : null,
    dayResetsAt: new Date(windows.dayEndMs).toISOString(),
    monthResetsAt: new Date(windows.monthEndMs).toISOString(),
  };
}

export interface BudgetRequest {
  /** Estimated cost of what is about to be submitted, USD. */
  costUsd: number;
  /** Provider jobs it would start at once (1 for a plain generation; a plan's first wave, capped by the engine). Default 1. */
  concurrentJobs?: number;
}

export type BudgetDecision = { ok: true; remaining: RemainingBudget } | { ok: false; error: ReelgateError };

/**
 * Whether the request fits the account's limits. Money first (a request over budget is refused
 * for good: 402 'budget_exceeded'), then concurrency (429 'concurrency_limit', retryable).
 *
 * @example
 * const decision = checkBudget({ dailyUsd: 5 }, usage, { costUsd: 1.2 }, clock.now());
 * if (!decision.ok) throw decision.error;
 */
export function checkBudget(
  limits: BudgetLimits,
  usage: BudgetUsage,
  request: BudgetRequest,
  nowMs: number,
): BudgetDecision {
  const remaining = remainingBudget(limits, usage, nowMs);
  const details = {
    requestUsd: request.costUsd,
    remaining,
    limits: {
      dailyUsd: limits.dailyUsd ?? null,
      monthlyUsd: limits.monthlyUsd ?? null,
      maxConcurrent: limits.maxConcurrent ?? null,
    },
  };
  for (const window of ['daily', 'monthly'] as const) {
    const left = window === 'daily' ? remaining.dailyUsd : remaining.monthlyUsd;
    if (left === null || request.costUsd <= left + 1e-9) continue;
    const resetsAt = window === 'daily' ? remaining.dayResetsAt : remaining.monthResetsAt;
    return {
      ok: false,
      error: new ReelgateError({
        code: 'budget_exceeded',
        message:
          `This request is estimated at $${request.costUsd.toFixed(2)}, but only $${left.toFixed(2)} ` +
          `of the account's ${window} budget is left (resets ${resetsAt}).`,
        hint: 'Ask for a shorter duration or a cheaper model, or raise the budget.',
        details: { ...details, exceeded: window },
      }),
    };
  }
  const wanted = Math.max(1, request.concurrentJobs ?? 1);
  if (remaining.concurrentSlots !== null && remaining.concurrentSlots < 1) {
    return {
      ok: false,
      error: new ReelgateError({
        code: 'concurrency_limit',
        message: `The account already has ${usage.running} generation(s) running, its limit is ${limits.maxConcurrent}.`,
        hint: 'Wait for a running generation to finish, then retry.',
        retryAfterSeconds: 10,
        details: { ...details, exceeded: 'concurrency', requestedJobs: wanted },
      }),
    };
  }
  return { ok: true, remaining };
}

/** How many of a plan's ready segments may start now under the concurrency limit. */
export function startableJobs(limits: BudgetLimits, running: number, ready: number): number {
  if (!isLimit(limits.maxConcurrent)) return ready;
  return Math.max(0, Math.min(ready, limits.maxConcurrent - running));
}

function isLimit(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
