/** One generation as a card: preview, prompt, live progress, result or failure. */
import { finalStatuses, type Generation } from '../api/types.ts';
import { formatMoney, formatWhen } from '../lib/format.ts';
import { href, useNow } from '../lib/route.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { LiveProgress, StatusBadge } from './Progress.tsx';

export function Preview({ generation }: { generation: Generation }) {
  if (generation.thumbnail?.url)
    return <img className="thumb" src={generation.thumbnail.url} alt="" loading="lazy" decoding="async" />;
  if (generation.status === 'completed' && generation.video?.url)
    return <video className="thumb" src={`${generation.video.url}#t=0.5`} preload="metadata" muted />;
  return (
    <div className={`thumb thumb-empty thumb-${generation.status}`} aria-hidden="true">
      <span>{generation.status === 'completed' ? '▶' : finalStatuses.has(generation.status) ? '✕' : ''}</span>
    </div>
  );
}

export function GenerationCard({ generation }: { generation: Generation }) {
  const now = useNow(30_000);
  const title = generation.prompt.length > 140 ? `${generation.prompt.slice(0, 140)}…` : generation.prompt;
  return (
    <article
      className={`gen-card status-${generation.status}`}
      aria-label={`Video: ${title}`}
      data-id={generation.id}
    >
      <a
        className="gen-preview"
        href={href({ name: 'video', id: generation.id })}
        tabIndex={-1}
        aria-label={`Open video: ${title}`}
      >
        <Preview generation={generation} />
        {generation.status === 'completed' && <span className="duration-chip">{generation.duration}s</span>}
      </a>
      <div className="gen-body">
        <div className="gen-head">
          <StatusBadge status={generation.status} />
          <span className="muted small">{formatWhen(generation.created_at, now)}</span>
        </div>
        <p className="gen-prompt">
          <a href={href({ name: 'video', id: generation.id })}>{title}</a>
        </p>
        <p className="gen-meta muted small">
          {[
            generation.model,
            generation.resolution,
            `${generation.duration}s`,
            generation.cost !== null ? formatMoney(generation.cost) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <LiveProgress generation={generation} />
        {generation.error &&
          (generation.status === 'failed' ||
            generation.status === 'expired' ||
            generation.status === 'canceled') && <ErrorNotice error={generation.error} compact />}
        {generation.warnings.length > 0 && (
          <ul className="warnings small" aria-label="Adjustments">
            {generation.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}
