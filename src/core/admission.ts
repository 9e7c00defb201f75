/**
 * Admission of a billable request, decided before anything is written or sent: the content
 * policy on every prompt, then the account's budgets and concurrency against what it has spent
 * and reserved (read from the spend ledger by the caller). Pure: the caller supplies limits,
 * usage and time; the database side (one transaction under a per-account lock) lives in
 * src/app/creation.
 */
import { type BudgetLimits, type BudgetUsage, checkBudget } from './budget.ts';
import { assertContentPolicy, type PolicyOptions } from './content-policy.ts';

export interface AdmissionRequest {
  /** Each prompt with the request field it came from (`prompt`, `shots[2].prompt`). */
  prompts: ReadonlyArray<{ prompt: string; param: string }>;
  policy: PolicyOptions;
  /** Estimated cost of what would be submitted; null when no estimate exists (unpriced model). */
  costUsd: number | null;
  /** Provider jobs it would start at once. */
  concurrentJobs: number;
}

/** True when the account has a limit, so admission needs its usage (and the per-account lock). */
export function hasLimits(limits: BudgetLimits): boolean {
  return limits.dailyUsd != null || limits.monthlyUsd != null || limits.maxConcurrent != null;
}

/** Throws the content-policy refusal of the first prompt that breaks a rule. */
export function admitPolicy(request: Pick<AdmissionRequest, 'prompts' | 'policy'>): void {
  for (const { prompt, param } of request.prompts) assertContentPolicy(prompt, { ...request.policy, param });
}

/** Throws `budget_exceeded` / `concurrency_limit` when the request does not fit the limits. */
export function admitBudget(
  request: Pick<AdmissionRequest, 'costUsd' | 'concurrentJobs'>,
  limits: BudgetLimits,
  usage: BudgetUsage,
  nowMs: number,
): void {
  if (!hasLimits(limits)) return;
  const decision = checkBudget(
    limits,
    usage,
    { costUsd: request.costUsd ?? 0, concurrentJobs: request.concurrentJobs },
    nowMs,
  );
  if (!decision.ok) throw decision.error;
}
