/** Usage: spend against the budget per day and month, and generations per model. */
import { useEffect, useId, useState } from 'react';
import type { StudioApi } from '../api/client.ts';
import type { Generation, UsageSummary } from '../api/types.ts';
import { formatMoney } from '../lib/format.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export function UsageView() {
  const { api } = useStudio();
  const ids = useId();
  const [usage, setUsage] = useState<UsageSummary | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    (api.usagePath ? api.usage() : computeUsage(api)).then(
      (summary) => {
        if (!cancelled) setUsage(summary);
      },
      (caught: unknown) => {
        if (!cancelled) setError(caught instanceof Error ? caught : new Error(String(caught)));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  return (
    <section aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`}>Usage</h1>
      {error && <ErrorNotice error={{ code: 'internal', message: error.message }} compact />}
      {!usage && !error && (
        <p className="muted" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Loading…
        </p>
      )}
      {usage && (
        <>
          <div className="usage-grid">
            <Meter
              label="Today"
              spent={usage.spentToday}
              budget={usage.budgetDay}
              currency={usage.currency}
            />
            <Meter
              label="This month"
              spent={usage.spentMonth}
              budget={usage.budgetMonth}
              currency={usage.currency}
            />
          </div>
          {usage.source === 'computed' && (
            <p className="muted small">Computed from your videos; this server does not report budgets.</p>
          )}
          <div className="card">
            <h2>Generations per model</h2>
            {usage.perModel.length === 0 ? (
              <p className="muted">No generations yet.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col" className="num">
                      Generations
                    </th>
                    <th scope="col" className="num">
                      Spend
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {usage.perModel.map((row) => (
                    <tr key={row.model}>
                      <th scope="row">{row.model}</th>
                      <td className="num">{row.count}</td>
                      <td className="num">{formatMoney(row.cost, usage.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Meter({
  label,
  spent,
  budget,
  currency,
}: {
  label: string;
  spent: number | null;
  budget: number | null;
  currency: string;
}) {
  const ratio = spent !== null && budget ? Math.min(1, spent / budget) : null;
  const level = ratio === null ? '' : ratio >= 0.9 ? ' meter-high' : ratio >= 0.7 ? ' meter-mid' : '';
  return (
    <div className="card meter-card">
      <h2>{label}</h2>
      <p className="meter-figure">
        <strong>{formatMoney(spent ?? 0, currency)}</strong>
        <span className="muted">
          {' '}
          {budget ? `of ${formatMoney(budget, currency)} budget` : 'spent (no budget set)'}
        </span>
      </p>
      {ratio !== null && (
        <>
          {/* biome-ignore lint/a11y/useSemanticElements: a styled bar; <meter> cannot be styled consistently */}
          <div
            className={`progress${level}`}
            role="meter"
            aria-label={`${label}: share of budget spent`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(ratio * 100)}
          >
            <div className="progress-fill" style={{ width: `${ratio * 100}%` }} />
          </div>
          <p className="muted small">{formatMoney(Math.max(0, budget! - (spent ?? 0)), currency)} left</p>
        </>
      )}
    </div>
  );
}

/** Without a usage endpoint: add up the account's own generations (newest 500). */
async function computeUsage(api: StudioApi): Promise<UsageSummary> {
  const all: Generation[] = [];
  let after: string | undefined;
  for (let page = 0; page < 5; page++) {
    const answer = await api.listGenerations({ after, limit: 100 });
    all.push(...answer.data);
    if (!answer.hasMore || !answer.lastId) break;
    after = answer.lastId;
  }
  const now = new Date();
  const dayStart = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime() / 1000;
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime() / 1000;
  const perModel = new Map<string, { model: string; count: number; cost: number }>();
  let spentToday = 0;
  let spentMonth = 0;
  for (const generation of all) {
    const cost = generation.cost ?? 0;
    if (generation.created_at >= dayStart) spentToday += cost;
    if (generation.created_at >= monthStart) spentMonth += cost;
    const row = perModel.get(generation.model) ?? { model: generation.model, count: 0, cost: 0 };
    row.count += 1;
    row.cost += cost;
    perModel.set(generation.model, row);
  }
  return {
    source: 'computed',
    spentToday,
    spentMonth,
    budgetDay: null,
    budgetMonth: null,
    perModel: [...perModel.values()].sort((a, b) => b.count - a.count),
    currency: 'USD',
  };
}
