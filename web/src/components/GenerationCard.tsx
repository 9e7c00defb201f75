/** One generation as a card (Recent, variations, storyboard result): preview, prompt, live progress. */
import { finalStatuses, type Generation } from '../api/types.ts';
import { clip, formatMoney, formatWhen, titleOf } from '../lib/format.ts';
import { href, useNow } from '../lib/route.ts';
import { ErrorChip } from './ErrorNotice.tsx';
import { LiveProgress, StatusBadge } from './Progress.tsx';

export function Preview({ generation }: { generation: Generation }) {
  if (generation.thumbnail?.url)
    return <img className="thumb" src={generation.thumbnail.url} alt="" loading="lazy" decoding="async" />;
  return (
    <div className={`thumb thumb-empty thumb-${generation.status}`}>
      <span>{generation.status === 'completed' ? '▶' : finalStatuses.has(generation.status) ? '✕' : ''}</span>
    </div>
  );
}

export function GenerationCard({ generation }: { generation: Generation }) {
  const now = useNow(30_000);
  const title = clip(titleOf(generation));
  return (
    <article className={`gen-card status-${generation.status}`} aria-label={title} data-id={generation.id}>
      {/* The preview repeats the title link below: hidden from assistive tech and the tab order. */}
      {/* biome-ignore lint/a11y/useAnchorContent: a duplicate of the title link, for pointer users */}
      <a
        className="gen-preview"
        href={href({ name: 'video', id: generation.id })}
        tabIndex={-1}
        aria-hidden="true"
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
            generation.size,
            `${generation.duration}s`,
            generation.cost !== null ? formatMoney(generation.cost) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <LiveProgress generation={generation} />
        {generation.error && finalStatuses.has(generation.status) && <ErrorChip error={generation.error} />}
      </div>
    </article>
  );
}
