/** Status badge, progress bar, steady ETA and (for long videos) per-part progress. */
import { useRef } from 'react';
import { finalStatuses, type Generation } from '../api/types.ts';
import { formatEta, statusLabel } from '../lib/format.ts';
import { useNow } from '../lib/route.ts';
import { overallProgress, segmentsOf } from '../lib/segments.ts';

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

/**
 * Progress that never goes backwards and an ETA that does not jitter: the shown ETA moves only
 * when the new one differs by more than 10 % (or 5 s), and never up by a few seconds.
 */
function useSteady(generation: Generation): { progress: number; eta: number | null } {
  const state = useRef<{ id: string; progress: number; eta: number | null }>({
    id: '',
    progress: 0,
    eta: null,
  });
  const current = state.current;
  if (current.id !== generation.id) Object.assign(current, { id: generation.id, progress: 0, eta: null });
  current.progress = Math.max(current.progress, overallProgress(generation));
  const incoming = generation.eta;
  if (incoming === null) current.eta = null;
  else if (current.eta === null) current.eta = incoming;
  else {
    const shift = incoming - current.eta;
    const threshold = Math.max(5, Math.abs(current.eta - Date.now() / 1000) * 0.1);
    if (Math.abs(shift) > threshold) current.eta = incoming;
  }
  return { progress: current.progress, eta: current.eta };
}

export function LiveProgress({ generation }: { generation: Generation }) {
  const now = useNow(1000);
  const steady = useSteady(generation);
  if (finalStatuses.has(generation.status)) return null;
  const eta = formatEta(steady.eta, now);
  const detail =
    generation.status === 'queued'
      ? generation.queue_position !== null
        ? `In queue, position ${generation.queue_position}`
        : 'Waiting for the provider'
      : generation.status === 'downloading'
        ? 'Saving a permanent copy'
        : `${Math.round(steady.progress)}%`;
  return (
    <div className="live-progress">
      <ProgressBar value={steady.progress} label={`Progress of ${generation.prompt.slice(0, 40)}`} />
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
  const byShot = generation.plan?.kind === 'storyboard';
  return (
    <ol className="segments" aria-label={byShot ? 'Shots' : 'Parts'}>
      {segments.map((segment) => {
        const name = byShot ? `Shot ${segment.shotIndex + 1}` : `Part ${segment.index + 1}`;
        return (
          <li key={segment.index} className={`segment segment-${segment.status}`}>
            <span className="segment-name">
              {name} · {segment.duration}s
            </span>
            <ProgressBar value={segment.progress} label={name} />
            <span className="segment-status">{segment.label}</span>
          </li>
        );
      })}
    </ol>
  );
}
