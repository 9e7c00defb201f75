/** The cost estimate and mapping warnings, shown before submitting (hidden when unsupported). */
import { ApiError } from '../api/errors.ts';
import type { EstimateState } from '../lib/hooks.ts';
import { formatMoney, formatSeconds } from '../lib/format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export function EstimatePanel({ state }: { state: EstimateState }) {
  if (state.state === 'unavailable') return null;
  if (state.state === 'error') {
    const error = state.error;
    return error instanceof ApiError ? (
      <ErrorNotice
        error={{ code: error.code, type: error.type, message: error.message, hint: error.hint }}
        compact
      />
    ) : null;
  }
  const estimate =
    state.state === 'ready' ? state.estimate : state.state === 'loading' ? state.last : undefined;
  const seconds = estimate
    ? numberField(estimate.details, ['seconds', 'estimated_seconds', 'time_seconds'])
    : undefined;
  const segments = estimate ? segmentCount(estimate.details) : undefined;
  return (
    <div className="estimate" aria-live="polite" aria-busy={state.state === 'loading'}>
      <div className="estimate-main">
        <span className="muted small">Estimated cost</span>
        <strong className="estimate-cost">
          {estimate ? formatMoney(estimate.cost, estimate.currency) : state.state === 'loading' ? '…' : '—'}
        </strong>
        {seconds !== undefined && <span className="muted small">≈ {formatSeconds(seconds)} to make</span>}
        {segments !== undefined && segments > 1 && <span className="muted small">{segments} parts</span>}
      </div>
      {estimate && estimate.policy.length > 0 && (
        <ErrorNotice
          error={{
            code: 'input_refused',
            message: estimate.policy.map((finding) => finding.message).join(' '),
            hint: estimate.policy.find((finding) => finding.hint)?.hint,
          }}
        />
      )}
      {estimate && estimate.warnings.length > 0 && (
        <ul className="warnings" aria-label="How your request will be adjusted">
          {estimate.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function numberField(details: Record<string, unknown>, names: string[]): number | undefined {
  for (const name of names) {
    const value = details[name];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

function segmentCount(details: Record<string, unknown>): number | undefined {
  const segments = details.segments ?? details.plan;
  if (Array.isArray(segments)) return segments.length;
  if (typeof segments === 'number') return segments;
  if (
    segments &&
    typeof segments === 'object' &&
    Array.isArray((segments as { segments?: unknown }).segments)
  )
    return (segments as { segments: unknown[] }).segments.length;
  return undefined;
}
