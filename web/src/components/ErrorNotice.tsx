/** A failure or refusal in human words, with what to change. */
import { explain } from '../lib/explain.ts';

export function ErrorNotice({
  error,
  compact = false,
}: {
  error: { code?: string; type?: string; message: string; hint?: string | undefined };
  compact?: boolean;
}) {
  const explanation = explain(error);
  return (
    <div
      className={`error-notice${explanation.refusal ? ' refusal' : ''}${compact ? ' compact' : ''}`}
      role="alert"
    >
      <p className="error-title">
        <span aria-hidden="true">{explanation.refusal ? '⊘ ' : '⚠ '}</span>
        {explanation.title}
      </p>
      {!compact && error.message && <p className="error-message">{error.message}</p>}
      <p className="error-advice">
        <strong>What to change: </strong>
        {explanation.advice}
      </p>
    </div>
  );
}
