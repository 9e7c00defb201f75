/**
 * Cost before paying: the estimate, how the request is adjusted, and the pre-flight policy
 * check (one message naming every matched term, highlighted in the prompt). Hidden when the
 * server has no estimates.
 */
import { describeError } from '../api/errors.ts';
import type { Estimate } from '../api/types.ts';
import { formatMoney, formatSeconds } from '../lib/format.ts';
import { type EstimateState, shownEstimate } from '../lib/hooks.ts';
import { highlight, joinWords, policyView } from '../lib/policy.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export function EstimatePanel({
  state,
  prompt,
  label = 'Estimated cost',
  count = 1,
}: {
  state: EstimateState;
  /** The prompt the estimate is for (matched terms are highlighted in it). */
  prompt: string;
  label?: string;
  /** How many videos the action makes (variations). */
  count?: number;
}) {
  const { emulated } = useStudio();
  if (state.state === 'unavailable') return null;
  if (state.state === 'error') return <ErrorNotice error={describeError(state.error)} compact />;
  const estimate = shownEstimate(state);
  return (
    <div className="estimate" aria-busy={state.state === 'loading'}>
      <div className="estimate-main" aria-live="polite">
        <span className="muted small">{label}</span>
        <strong className="estimate-cost" data-testid="estimate-cost">
          {estimate
            ? formatMoney(estimate.total_usd * count, estimate.currency)
            : state.state === 'loading'
              ? '…'
              : '—'}
        </strong>
        {count > 1 && estimate && (
          <span className="muted small">
            {count} × {formatMoney(estimate.total_usd, estimate.currency)}
          </span>
        )}
        {emulated && estimate && (
          <span
            className="tag tag-emulated"
            title="The built-in emulator makes these videos: nothing is charged."
          >
            Emulated — not charged
          </span>
        )}
        {estimate && estimate.typical_seconds > 0 && (
          <span className="muted small">≈ {formatSeconds(estimate.typical_seconds)} to make</span>
        )}
        {estimate?.plan && estimate.plan.count > 1 && (
          <span className="muted small">{estimate.plan.count} parts</span>
        )}
      </div>
      {estimate && <PolicyNotice estimate={estimate} prompt={prompt} />}
      {estimate && !estimate.budget.allowed && estimate.budget.message && (
        <ErrorNotice
          error={{ code: estimate.budget.code ?? 'budget_exceeded', message: estimate.budget.message }}
        />
      )}
      {estimate && estimate.warnings.length > 0 && (
        <ul className="warnings" aria-label="How your request will be adjusted">
          {estimate.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {estimate && estimate.notes.length > 0 && (
        <ul className="notes small muted" aria-label="About this estimate">
          {estimate.notes.map((note) => (
            <li key={note}>
              <Linked text={note} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The single refusal message: why, every matched term highlighted in the prompt, what to write. */
export function PolicyNotice({ estimate, prompt }: { estimate: Estimate; prompt: string }) {
  const view = policyView(estimate.policy, prompt);
  if (!view) return null;
  return (
    <div className="error-notice refusal policy-notice" role="alert">
      <p className="error-title">
        <span aria-hidden="true">⊘ </span>
        This prompt would be refused: it {joinWords(view.reasons)}.
      </p>
      <p className="policy-prompt">
        <span className="visually-hidden">Your prompt, with the words to change marked: </span>
        {highlight(prompt, view.terms).map((piece, index) =>
          piece.marked ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one string, in order
            <mark key={index}>{piece.text}</mark>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one string, in order
            <span key={index}>{piece.text}</span>
          ),
        )}
      </p>
      <p>
        <strong>Words to change: </strong>
        {view.terms.map((term, index) => (
          <span key={term}>
            {index > 0 && ', '}
            <q className="term">{term}</q>
          </span>
        ))}
      </p>
      <p className="error-advice">
        <strong>What to change: </strong>
        {view.hints.join(' ')} Generate stays off until the prompt changes.
      </p>
    </div>
  );
}

/** Text with its https links made clickable (public pricing pages in notes). */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https:\/\/[^\s,)]+)/g);
  return (
    <>
      {parts.map((part, index) =>
        part.startsWith('https://') ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one string, in order
          <a key={index} href={part} target="_blank" rel="noreferrer">
            {part.replace(/^https:\/\/(www\.)?/, '').replace(/\/$/, '')}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one string, in order
          <span key={index}>{part}</span>
        ),
      )}
    </>
  );
}
