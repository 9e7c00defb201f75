/**
 * Usage: spend today and this month against the budgets, and charts of spend per day and per
 * model, from the server's spend ledger (deleting a video never lowers what was spent).
 * Emulated spend is labelled: the built-in emulator charges nothing.
 */
import { useEffect, useId, useState } from 'react';
import { describeError } from '../api/errors.ts';
import type { Usage } from '../api/types.ts';
import { formatMoney } from '../lib/format.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export function UsageView() {
  const { api, live, emulated } = useStudio();
  const ids = useId();
  const [usage, setUsage] = useState<Usage | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const reconnects = live.reconnects;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => {
    if (!api.canUsage) return;
    let cancelled = false;
    api.client.usage().then(
      (answer) => {
        if (!cancelled) {
          setUsage(answer);
          setError(undefined);
        }
      },
      (caught: unknown) => {
        if (!cancelled) setError(caught);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, reconnects]);

  const isEmulated = emulated;
  return (
    <section aria-labelledby={`${ids}-title`} className="usage">
      <h1 id={`${ids}-title`}>Usage</h1>
      {!api.canUsage && <p className="notice">This server does not report usage.</p>}
      {error !== undefined && <ErrorNotice error={describeError(error)} compact />}
      {api.canUsage && !usage && error === undefined && (
        <p className="muted" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Loading…
        </p>
      )}
      {usage && (
        <>
          {isEmulated && (
            <p className="notice emulated-notice" role="note">
              <strong>Emulated spend.</strong> These videos were made by reelgate's built-in emulator: the
              amounts are what a real provider would have charged at list price, and no money was spent.
            </p>
          )}
          <div className="usage-grid">
            <Meter
              label="Today (UTC)"
              spent={usage.day.spent}
              budget={usage.day.budget}
              currency={usage.currency}
              emulated={isEmulated}
            />
            <Meter
              label="This month"
              spent={usage.month.spent}
              budget={usage.month.budget}
              currency={usage.currency}
              emulated={isEmulated}
            />
          </div>
          <p className="muted small">
            Spend comes from the spend ledger: a video counts once it is paid for, and deleting it does not
            give the money back.
          </p>
          <div className="usage-charts">
            <DayChart usage={usage} />
            <ModelChart usage={usage} />
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
  emulated,
}: {
  label: string;
  spent: number;
  budget: number | null;
  currency: string;
  emulated: boolean;
}) {
  const ratio = budget ? Math.min(1, spent / budget) : null;
  const level = ratio === null ? '' : ratio >= 0.9 ? ' meter-high' : ratio >= 0.7 ? ' meter-mid' : '';
  return (
    <div className="card meter-card">
      <h2>{label}</h2>
      <p className="meter-figure">
        <strong data-testid={`spent-${label.startsWith('Today') ? 'day' : 'month'}`}>
          {formatMoney(spent, currency)}
        </strong>
        <span className="muted">
          {' '}
          {budget ? `of ${formatMoney(budget, currency)} budget` : 'spent (no budget set)'}
        </span>
        {emulated && <span className="tag tag-emulated">Emulated — not charged</span>}
      </p>
      {ratio !== null && budget !== null && (
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
          <p className="muted small">{formatMoney(Math.max(0, budget - spent), currency)} left</p>
        </>
      )}
    </div>
  );
}

/** The last 14 UTC days, one bar each (days without spend included). */
function DayChart({ usage }: { usage: Usage }) {
  const ids = useId();
  if (!usage.by_day)
    return (
      <div className="card chart-card">
        <h2>Spend per day</h2>
        <p className="muted">This server does not report spend per day.</p>
      </div>
    );
  const byDate = new Map(usage.by_day.map((row) => [row.date.slice(0, 10), row.spent]));
  const days: { date: string; spent: number }[] = [];
  const today = new Date();
  for (let back = 13; back >= 0; back--) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back));
    const date = day.toISOString().slice(0, 10);
    days.push({ date, spent: byDate.get(date) ?? 0 });
  }
  const max = Math.max(...days.map((day) => day.spent), 0.01);
  return (
    <figure className="card chart-card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Spend per day</h2>
      <div className="day-chart" aria-hidden="true">
        {days.map((day) => (
          <div
            key={day.date}
            className="day-col"
            title={`${day.date}: ${formatMoney(day.spent, usage.currency)}`}
          >
            <div className="day-bar" style={{ height: `${(day.spent / max) * 100}%` }} />
            <span className="day-label">{day.date.slice(8)}</span>
          </div>
        ))}
      </div>
      <table className="table chart-table" data-testid="spend-per-day">
        <caption className="visually-hidden">Spend per day, last 14 days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" className="num">
              Spend
            </th>
          </tr>
        </thead>
        <tbody>
          {days
            .filter((day) => day.spent > 0)
            .map((day) => (
              <tr key={day.date}>
                <th scope="row">{day.date}</th>
                <td className="num">{formatMoney(day.spent, usage.currency)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

function ModelChart({ usage }: { usage: Usage }) {
  const ids = useId();
  const rows = usage.by_model
    ? usage.by_model.map((row) => ({ model: row.model, spent: row.spent, count: row.generations ?? null }))
    : usage.per_model.map((row) => ({ model: row.model, spent: row.cost, count: row.count }));
  const max = Math.max(...rows.map((row) => row.spent), 0.01);
  return (
    <figure className="card chart-card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Spend per model</h2>
      {rows.length === 0 ? (
        <p className="muted">No spend yet.</p>
      ) : (
        <table className="table model-chart" data-testid="spend-per-model">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Share</th>
              <th scope="col" className="num">
                Videos
              </th>
              <th scope="col" className="num">
                Spend
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.model}>
                <th scope="row">{row.model}</th>
                <td className="bar-cell" aria-hidden="true">
                  <span className="model-bar" style={{ width: `${(row.spent / max) * 100}%` }} />
                </td>
                <td className="num">{row.count ?? '—'}</td>
                <td className="num">{formatMoney(row.spent, usage.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
