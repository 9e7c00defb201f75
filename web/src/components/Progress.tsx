/** Status badge, progress bar, ETA and (for long videos) per-segment progress. */
import { finalStatuses, type Generation } from '../api/types.ts';
import { formatEta, statusLabel } from '../lib/format.ts';
import { useNow } from '../lib/route.ts';
import { segmentsOf } from '../lib/segments.ts';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{statusLabel[status] ?? status}</span>;
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
    >
      <div className="progress-fill" style={{ width: `${clamped}%` }} />
    </div>
  );
}

export function LiveProgress({ generation }: { generation: Generation }) {
  const now = useNow(1000);
  if (finalStatuses.has(generation.status)) return null;
  const eta = formatEta(generation.eta, now);
  const detail =
    generation.status === 'queued'
      ? generation.queue_position !== null
        ? `In queue, position ${generation.queue_position}`
        : 'Waiting for the provider'
      : generation.status === 'downloading'
        ? 'Saving a permanent copy'
        : `${Math.round(generation.progress)}%`;
  return (
    <div className="live-progress">
      <ProgressBar value={generation.progress} label={`Progress of ${generation.prompt.slice(0, 40)}`} />
      <p className="progress-text">
        <span>{detail}</span>
        {eta && <span className="eta">{eta}</span>}
      </p>
      {segmentsOf(generation).length > 1 && <Segments generation={generation} />}
    </div>
  );
}

export function Segments({ generation }: { generation: Generation }) {
  const segments = segmentsOf(generation);
  const byShot = new Set(segments.map((segment) => segment.shotIndex)).size > 1;
  return (
    <ol className="segments" aria-label={byShot ? 'Shots' : 'Parts'}>
      {segments.map((segment) => (
        <li key={segment.index} className={`segment segment-${segment.status}`}>
          <span className="segment-name">
            {byShot ? `Shot ${(segment.shotIndex ?? 0) + 1}` : `Part ${segment.index + 1}`}
            {segment.duration ? ` · ${segment.duration}s` : ''}
          </span>
          <ProgressBar
            value={segment.status === 'completed' ? 100 : (segment.progress ?? 0)}
            label={`Segment ${segment.index + 1}`}
          />
          <span className="segment-status">{statusLabel[segment.status] ?? segment.status}</span>
        </li>
      ))}
    </ol>
  );
}
