/**
 * Tolerant readers for the optional endpoints (models, estimates, prompt lint, usage): they
 * accept the shapes a server may reasonably send and ignore the rest, so the studio keeps
 * working as those endpoints evolve.
 */
import type { Estimate, LintHint, ModelInfo, PolicyFinding, UsageSummary } from './types.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  !!value && typeof value === 'object' && !Array.isArray(value);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : isObject(value) && Array.isArray(value.data) ? value.data : [];

export function readModels(answer: unknown): ModelInfo[] {
  const models: ModelInfo[] = [];
  for (const item of list(answer)) {
    if (!isObject(item)) continue;
    const id = str(item.id);
    if (!id) continue;
    const model: ModelInfo = { id };
    const name = str(item.name) ?? str(item.display_name);
    if (name) model.name = name;
    const provider = str(item.provider) ?? str(item.owned_by);
    if (provider) model.provider = provider;
    const description = str(item.description);
    if (description) model.description = description;
    const capabilities = isObject(item.capabilities) ? item.capabilities : item;
    const maxDuration =
      num(capabilities.max_duration) ??
      num(capabilities.max_duration_seconds) ??
      num(capabilities.max_seconds);
    if (maxDuration !== null) model.max_duration = maxDuration;
    if (Array.isArray(capabilities.resolutions))
      model.resolutions = capabilities.resolutions.filter(isString);
    if (Array.isArray(capabilities.sizes)) model.sizes = capabilities.sizes.filter(isString);
    if (Array.isArray(capabilities.durations)) model.durations = capabilities.durations.filter(isNumber);
    if (item.default === true) model.default = true;
    models.push(model);
  }
  return models;
}

export function readEstimate(answer: unknown): Estimate {
  const body = isObject(answer) ? answer : {};
  const costObject = isObject(body.cost) ? body.cost : undefined;
  const cost =
    num(body.total_usd) ??
    num(body.totalUsd) ??
    num(body.cost) ??
    num(body.cost_usd) ??
    num(body.estimated_cost) ??
    num(body.total) ??
    num(body.usd) ??
    (costObject ? (num(costObject.total) ?? num(costObject.usd) ?? num(costObject.amount)) : null);
  const currency = str(body.currency) ?? (costObject ? str(costObject.currency) : undefined) ?? 'USD';
  const warnings = [...texts(body.warnings), ...texts(body.notes)];
  const details: Record<string, unknown> = { ...body };
  for (const key of [
    'cost',
    'cost_usd',
    'total_usd',
    'estimated_cost',
    'currency',
    'warnings',
    'notes',
    'object',
  ])
    delete details[key];
  return { cost, currency, warnings, policy: readPolicy(body), details };
}

function texts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (typeof item === 'string' ? item : isObject(item) ? (str(item.message) ?? '') : ''))
    .filter(Boolean);
}

/** `policy: {allowed: false, violations: [...]}` or a top-level `policy_violations` / `violations` list. */
function readPolicy(body: Json): PolicyFinding[] {
  const policy = isObject(body.policy) ? body.policy : undefined;
  const list = policy?.violations ?? body.policy_violations ?? body.violations;
  const findings: PolicyFinding[] = [];
  if (Array.isArray(list)) {
    for (const item of list) {
      if (!isObject(item)) continue;
      const rule = str(item.rule) ?? str(item.category) ?? 'policy';
      findings.push({
        rule,
        message:
          str(item.message) ?? str(item.description) ?? `The prompt breaks the content rule "${rule}".`,
        hint: str(item.hint),
      });
    }
  }
  if (findings.length === 0 && policy && policy.allowed === false)
    findings.push({
      rule: 'policy',
      message: str(policy.message) ?? 'The prompt would be refused.',
      hint: str(policy.hint),
    });
  return findings;
}

export function readLint(answer: unknown): LintHint[] {
  const body = isObject(answer) ? answer : {};
  const items = Array.isArray(answer)
    ? answer
    : Array.isArray(body.hints)
      ? body.hints
      : Array.isArray(body.warnings)
        ? body.warnings
        : Array.isArray(body.issues)
          ? body.issues
          : list(answer);
  const hints: LintHint[] = [];
  for (const item of items) {
    if (typeof item === 'string') hints.push({ rule: 'hint', message: item, severity: 'warning' });
    else if (isObject(item)) {
      const base = str(item.message) ?? str(item.reason) ?? str(item.text);
      if (!base) continue;
      const suggestion = str(item.suggestion);
      const message = suggestion ? `${base} ${suggestion}` : base;
      hints.push({
        rule: str(item.rule) ?? str(item.code) ?? 'hint',
        message,
        severity: item.severity === 'info' ? 'info' : 'warning',
      });
    }
  }
  return hints;
}

export function readUsage(answer: unknown): UsageSummary {
  const body = isObject(answer) ? answer : {};
  const day = isObject(body.day) ? body.day : isObject(body.today) ? body.today : {};
  const month = isObject(body.month) ? body.month : {};
  const budget = isObject(body.budget) ? body.budget : isObject(body.budgets) ? body.budgets : {};
  const perModelRaw = body.per_model ?? body.by_model ?? body.models;
  const perModel: UsageSummary['perModel'] = [];
  if (Array.isArray(perModelRaw)) {
    for (const row of perModelRaw) {
      if (!isObject(row)) continue;
      const model = str(row.model) ?? str(row.id);
      if (!model) continue;
      perModel.push({
        model,
        count: num(row.count) ?? num(row.generations) ?? 0,
        cost: num(row.cost) ?? num(row.cost_usd) ?? num(row.spent) ?? 0,
      });
    }
  } else if (isObject(perModelRaw)) {
    for (const [model, row] of Object.entries(perModelRaw)) {
      if (typeof row === 'number') perModel.push({ model, count: row, cost: 0 });
      else if (isObject(row))
        perModel.push({
          model,
          count: num(row.count) ?? num(row.generations) ?? 0,
          cost: num(row.cost) ?? num(row.cost_usd) ?? 0,
        });
    }
  }
  return {
    source: 'server',
    spentToday: num(day.spent) ?? num(day.cost) ?? num(day.spent_usd) ?? num(body.spent_today) ?? null,
    spentMonth: num(month.spent) ?? num(month.cost) ?? num(month.spent_usd) ?? num(body.spent_month) ?? null,
    budgetDay:
      num(day.budget) ??
      num(day.limit) ??
      num(budget.day) ??
      num(budget.daily) ??
      num(budget.per_day) ??
      null,
    budgetMonth:
      num(month.budget) ??
      num(month.limit) ??
      num(budget.month) ??
      num(budget.monthly) ??
      num(budget.per_month) ??
      null,
    perModel,
    currency: str(body.currency) ?? 'USD',
  };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}
