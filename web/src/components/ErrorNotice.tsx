/** A failure or refusal in human words, with what to change (not for the user's own cancel). */
import { explain, shownMessage } from '../lib/explain.ts';

export function ErrorNotice({
  error,
  compact = false,
}: {
  error: { code?: string; type?: string; message: string; hint?: string | undefined };
  compact?: boolean;
}) {
  const explanation = explain(error);
  if (explanation.kind === 'neutral')
    return (
      <p className="neutral-notice" role="status">
        {explanation.title}
        {explanation.advice ? ` ${explanation.advice}` : ''}
      </p>
    );
  return (
    <div
      className={`error-notice${explanation.kind === 'refusal' ? ' refusal' : ''}${compact ? ' compact' : ''}`}
      role="alert"
    >
      <p className="error-title">
        <span aria-hidden="true">{explanation.kind === 'refusal' ? '⊘ ' : '⚠ '}</span>
        {explanation.title}
      </p>
      {!compact && error.message && <p className="error-message">{shownMessage(error.message)}</p>}
      {explanation.advice && (
        <p className="error-advice">
          <strong>What to change: </strong>
          {explanation.advice}
        </p>
      )}
    </div>
  );
}

/** A failure as a small chip (gallery tiles); the details are on the video page. */
export function ErrorChip({ error }: { error: { code?: string; type?: string; hint?: string | undefined } }) {
  const explanation = explain(error);
  return <span className={`error-chip chip-${explanation.kind}`}>{explanation.short}</span>;
}
