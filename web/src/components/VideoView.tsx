/** One video: the player (with seeking), details, download, remix, cancel and delete. */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiError } from '../api/errors.ts';
import { useGeneration } from '../api/live.ts';
import { finalStatuses } from '../api/types.ts';
import { formatBytes, formatMoney, formatWhen } from '../lib/format.ts';
import { navigate, useNow } from '../lib/route.ts';
import { segmentsOf } from '../lib/segments.ts';
import { saveDraft } from '../lib/session.ts';
import { useStudio } from '../studio-context.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { LiveProgress, Segments, StatusBadge } from './Progress.tsx';

export function VideoView({ id }: { id: string }) {
  const { api, live } = useStudio();
  const generation = useGeneration(live, id);
  const ids = useId();
  const now = useNow(30_000);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<Error | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<ApiError | Error | undefined>(undefined);
  const [remixPrompt, setRemixPrompt] = useState('');
  const [remixing, setRemixing] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setMissing(false);
    setLoadError(undefined);
    api.getGeneration(id).then(
      (fresh) => {
        if (!cancelled) live.upsert(fresh);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 404) setMissing(true);
        else setLoadError(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, live, id]);

  if (missing || live.isDeleted(id))
    return (
      <section className="card narrow">
        <h1>Video not found</h1>
        <p className="muted">It may have been deleted, or it belongs to another account.</p>
        <a className="btn" href="#/library">
          Back to the library
        </a>
      </section>
    );
  if (!generation)
    return loadError ? (
      <ErrorNotice error={{ code: 'internal', message: loadError.message }} />
    ) : (
      <p className="muted" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading…
      </p>
    );

  async function remove() {
    setDeleting(true);
    setActionError(undefined);
    try {
      await api.deleteGeneration(id);
      live.remove(id);
      setConfirming(false);
      navigate({ name: 'library' });
    } catch (error) {
      setActionError(error instanceof Error ? error : new Error(String(error)));
      setConfirming(false);
    } finally {
      setDeleting(false);
    }
  }

  async function remix(event: FormEvent) {
    event.preventDefault();
    if (!remixPrompt.trim()) return;
    setRemixing(true);
    setActionError(undefined);
    try {
      const newId = await api.remix(id, remixPrompt);
      const created = await api.getGeneration(newId);
      live.upsert(created);
      setRemixPrompt('');
      navigate({ name: 'video', id: newId });
    } catch (error) {
      setActionError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setRemixing(false);
    }
  }

  async function cancel() {
    setActionError(undefined);
    try {
      live.upsert(await api.cancelGeneration(id));
    } catch (error) {
      setActionError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  const done = finalStatuses.has(generation.status);
  const videoUrl = generation.status === 'completed' ? generation.video?.url : undefined;
  return (
    <article className="video-page" aria-labelledby={`${ids}-title`}>
      <p>
        <a href="#/library" className="small">
          ← Library
        </a>
      </p>
      <div className="video-layout">
        <div className="player-wrap">
          {videoUrl ? (
            // biome-ignore lint/a11y/useMediaCaption: generated videos have no caption track
            <video
              className="player"
              src={videoUrl}
              controls
              playsInline
              preload="auto"
              poster={generation.thumbnail?.url}
              aria-label="Video player"
            />
          ) : (
            <div className={`player player-empty thumb-${generation.status}`}>
              <StatusBadge status={generation.status} />
              {!done && <LiveProgress generation={generation} />}
              {generation.error && <ErrorNotice error={generation.error} />}
            </div>
          )}
        </div>
        <div className="video-side card">
          <div className="row between">
            <StatusBadge status={generation.status} />
            <span className="muted small">{formatWhen(generation.created_at, now)}</span>
          </div>
          <h1 id={`${ids}-title`} className="video-title">
            {generation.prompt}
          </h1>
          <dl className="facts">
            <dt>Model</dt>
            <dd>{generation.model}</dd>
            <dt>Size</dt>
            <dd>
              {generation.size} ({generation.resolution})
            </dd>
            <dt>Duration</dt>
            <dd>{generation.duration} s</dd>
            <dt>Cost</dt>
            <dd>{formatMoney(generation.cost)}</dd>
            {generation.video && (
              <>
                <dt>File</dt>
                <dd>{formatBytes(generation.video.bytes)}</dd>
              </>
            )}
            {generation.parent_id && (
              <>
                <dt>Remix of</dt>
                <dd>
                  <a href={`#/video/${encodeURIComponent(generation.parent_id)}`}>{generation.parent_id}</a>
                </dd>
              </>
            )}
          </dl>
          {segmentsOf(generation).length > 1 && done && <Segments generation={generation} />}
          {generation.warnings.length > 0 && (
            <ul className="warnings small" aria-label="Adjustments">
              {generation.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          {actionError && (
            <ErrorNotice
              error={
                actionError instanceof ApiError
                  ? { code: actionError.code, message: actionError.message, hint: actionError.hint }
                  : { code: 'internal', message: actionError.message }
              }
            />
          )}
          <div className="row wrap actions">
            {videoUrl && (
              <a className="btn btn-primary" href={videoUrl} download={`${generation.id}.mp4`}>
                Download
              </a>
            )}
            {!done && api.canCancel && (
              <button type="button" className="btn" onClick={() => void cancel()}>
                Cancel
              </button>
            )}
            {done && generation.status !== 'completed' && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  saveDraft({ prompt: generation.prompt, duration: generation.duration });
                  navigate({ name: 'create' });
                }}
              >
                Edit prompt and try again
              </button>
            )}
            <button type="button" className="btn btn-danger-ghost" onClick={() => setConfirming(true)}>
              Delete
            </button>
          </div>
          {videoUrl && api.canRemix && (
            <form className="remix" onSubmit={remix}>
              <label htmlFor={`${ids}-remix`}>Remix: describe the change</label>
              <textarea
                id={`${ids}-remix`}
                rows={3}
                value={remixPrompt}
                onChange={(event) => setRemixPrompt(event.target.value)}
                placeholder="Same scene, but at night with neon lighting"
              />
              <button type="submit" className="btn" disabled={!remixPrompt.trim() || remixing}>
                {remixing ? 'Starting remix…' : 'Remix'}
              </button>
            </form>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete this video?"
        confirmLabel="Delete video"
        busy={deleting}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        <p>The video and its files are removed for good. Links to it stop working.</p>
      </ConfirmDialog>
    </article>
  );
}
