/**
 * One video: the player (with seeking), details, download, favourite, generate again, remix (with
 * the cost first), cancel, "edit and try again", delete, and the API tab (request as code, JSON,
 * timings).
 */
import { useEffect, useId, useState } from 'react';
import type { EstimateParams } from '../../../src/client/index.ts';
import { ApiError, describeError } from '../api/errors.ts';
import { useGeneration } from '../api/live.ts';
import { finalStatuses, type Generation, type StudioCreateParams } from '../api/types.ts';
import { downloadName } from '../lib/filename.ts';
import { formatBytes, formatMoney, formatWhen, titleOf } from '../lib/format.ts';
import { navigate, useNow } from '../lib/route.ts';
import { segmentsOf } from '../lib/segments.ts';
import { handOver } from '../lib/session.ts';
import type { ApiRequest } from '../lib/snippets.ts';
import { useStudio } from '../studio-context.ts';
import { ApiPanel } from './ApiPanel.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { CostConfirm } from './CostConfirm.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { LiveProgress, Segments, StatusBadge } from './Progress.tsx';

type Panel = 'none' | 'again' | 'remix';

export function VideoView({ id }: { id: string }) {
  const { api, live, emulated } = useStudio();
  const generation = useGeneration(live, id);
  const ids = useId();
  const now = useNow(30_000);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [panel, setPanel] = useState<Panel>('none');
  const [remixPrompt, setRemixPrompt] = useState('');
  const [working, setWorking] = useState(false);
  const reconnects = live.reconnects;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => {
    let cancelled = false;
    setMissing(false);
    setLoadError(undefined);
    api.client.get(id).then(
      (fresh) => {
        if (!cancelled) live.upsert(fresh);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 404) setMissing(true);
        else setLoadError(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, live, id, reconnects]);

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
      <section className="card narrow">
        <h1>Video</h1>
        <ErrorNotice error={describeError(loadError)} />
      </section>
    ) : (
      <p className="muted" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading…
      </p>
    );

  const request = requestOf(generation);
  const estimateParams = estimateOf(generation);

  async function remove() {
    setDeleting(true);
    setActionError(undefined);
    try {
      await api.client.delete(id);
      live.remove(id);
      setConfirming(false);
      navigate({ name: 'library', filters: { q: '', status: '', model: '', favorites: false } });
    } catch (error) {
      setActionError(error);
      setConfirming(false);
    } finally {
      setDeleting(false);
    }
  }

  async function run(action: () => Promise<Generation>) {
    setWorking(true);
    setActionError(undefined);
    try {
      const created = await action();
      live.upsert(created);
      setPanel('none');
      setRemixPrompt('');
      navigate({ name: 'video', id: created.id });
    } catch (error) {
      setActionError(error);
    } finally {
      setWorking(false);
    }
  }

  const again = () =>
    run(() =>
      request.kind === 'storyboard'
        ? api.client.createStoryboard({
            shots: request.shots,
            ...(request.model ? { model: request.model } : {}),
            ...(request.size ? { size: request.size } : {}),
          })
        : api.client.create(request.kind === 'generation' ? request.params : { prompt: generation.prompt }),
    );
  const remix = () => run(async () => api.client.get((await api.client.remix(id, remixPrompt.trim())).id));

  async function cancel() {
    setActionError(undefined);
    try {
      live.upsert(await api.client.cancel(id));
    } catch (error) {
      setActionError(error);
    }
  }

  async function toggleFavorite() {
    setActionError(undefined);
    try {
      await live.setFavorite(id, !live.isFavorite(id));
    } catch (error) {
      setActionError(error);
    }
  }

  const done = finalStatuses.has(generation.status);
  const videoUrl = generation.status === 'completed' ? generation.video?.url : undefined;
  const title = titleOf(generation);
  const portrait = (() => {
    const [w, h] = generation.size.split('x').map(Number);
    return !!w && !!h && h > w;
  })();
  const favorite = live.isFavorite(id);
  const segments = segmentsOf(generation);
  return (
    <article className="video-page" aria-labelledby={`${ids}-title`}>
      <p>
        <a href="#/library" className="small">
          ← Library
        </a>
      </p>
      <div className="video-layout">
        <div className="player-column">
          <div className={`player-wrap${portrait ? ' player-portrait' : ''}`}>
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
          {generation.plan?.kind === 'storyboard' && segments.length > 0 && (
            <ShotStrip generation={generation} videoUrl={videoUrl} />
          )}
          <ApiPanel request={request} baseUrl={api.baseUrl} generation={generation} seen={live.seen(id)} />
        </div>
        <div className="video-side card">
          <div className="row between">
            <StatusBadge status={generation.status} />
            <span className="muted small">{formatWhen(generation.created_at, now)}</span>
          </div>
          <h1 id={`${ids}-title`} className="video-title">
            {title}
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
            <dd>
              {formatMoney(generation.cost)}
              {(generation.emulated || emulated) && generation.cost !== null && (
                <span className="tag tag-emulated">Emulated — not charged</span>
              )}
            </dd>
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
          {segments.length > 1 && done && <Segments generation={generation} />}
          {generation.warnings.length > 0 && (
            <ul className="warnings small" aria-label="Adjustments">
              {generation.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          {actionError !== undefined && <ErrorNotice error={describeError(actionError)} />}
          <div className="row wrap actions">
            {videoUrl && (
              <a
                className="btn btn-primary"
                href={`${videoUrl}&download=${downloadName(title, id)}`}
                download={downloadName(title, id)}
              >
                Download
              </a>
            )}
            {api.canFavorite && (
              <button
                type="button"
                className="btn"
                aria-pressed={favorite}
                onClick={() => void toggleFavorite()}
              >
                <span aria-hidden="true">{favorite ? '★' : '☆'}</span> Favourite
              </button>
            )}
            {!done && api.canCancel && (
              <button type="button" className="btn" onClick={() => void cancel()}>
                Cancel
              </button>
            )}
            {done && (
              <button
                type="button"
                className="btn"
                aria-expanded={panel === 'again'}
                onClick={() => setPanel(panel === 'again' ? 'none' : 'again')}
              >
                Generate again
              </button>
            )}
            {done && generation.status !== 'completed' && request.kind === 'generation' && (
              <button
                type="button"
                className="btn"
                onClick={() => {
                  const { params } = request;
                  handOver({
                    prompt: params.prompt,
                    ...(params.model ? { model: params.model } : {}),
                    ...(params.size ? { output: params.size } : {}),
                    ...(params.duration ? { duration: params.duration } : {}),
                    ...(params.assets?.length ? { assets: params.assets } : {}),
                  });
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
          {panel === 'again' && (
            <CostConfirm
              title="Generate again with the same settings"
              params={estimateParams}
              confirmLabel="Generate again"
              busy={working}
              onConfirm={() => void again()}
              onCancel={() => setPanel('none')}
            />
          )}
          {videoUrl && api.canRemix && (
            <form
              className="remix"
              onSubmit={(event) => {
                event.preventDefault();
                if (remixPrompt.trim()) setPanel('remix');
              }}
            >
              <label htmlFor={`${ids}-remix`}>Remix: describe the change</label>
              <textarea
                id={`${ids}-remix`}
                rows={3}
                value={remixPrompt}
                onChange={(event) => {
                  setRemixPrompt(event.target.value);
                  if (panel === 'remix') setPanel('none');
                }}
                placeholder="Same scene, but at night with neon lighting"
              />
              {panel !== 'remix' && (
                <button type="submit" className="btn" disabled={!remixPrompt.trim()}>
                  Remix…
                </button>
              )}
            </form>
          )}
          {panel === 'remix' && (
            <CostConfirm
              title="Remix this video"
              params={{ ...estimateParams, prompt: remixPrompt.trim() }}
              confirmLabel="Remix"
              busy={working}
              onConfirm={() => void remix()}
              onCancel={() => setPanel('none')}
            />
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
        <p>
          The video and its files are removed for good. Links to it stop working. What it cost stays counted
          in your usage.
        </p>
      </ConfirmDialog>
    </article>
  );
}

/** Storyboard shots as frames of the finished video (each at its start), or their progress. */
function ShotStrip({ generation, videoUrl }: { generation: Generation; videoUrl: string | undefined }) {
  const segments = segmentsOf(generation);
  return (
    <ol className="shot-strip" aria-label="Shots">
      {segments.map((segment) => (
        <li key={segment.index} className="shot-frame">
          {videoUrl ? (
            <video
              src={`${videoUrl}#t=${segment.startSeconds + Math.min(0.5, segment.duration / 2)}`}
              preload="metadata"
              muted
            />
          ) : (
            <div
              className={`tile-empty thumb-${segment.status === 'completed' ? 'completed' : 'running'}`}
              aria-hidden="true"
            />
          )}
          <span className="shot-frame-label">
            Shot {segment.shotIndex + 1} · {segment.duration}s · {segment.label}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The request that made this video, as the API tab shows it and "Generate again" repeats it. */
function requestOf(generation: Generation): ApiRequest {
  const model = generation.requested.model ?? generation.model;
  if (generation.plan?.kind === 'storyboard' && generation.segments) {
    const shots = new Map<number, { prompt: string; duration: number; assets?: string[] }>();
    for (const segment of generation.segments) {
      const shot = shots.get(segment.shot_index);
      if (shot) shot.duration += segment.keep_seconds || segment.duration;
      else
        shots.set(segment.shot_index, {
          prompt: segment.prompt,
          duration: segment.keep_seconds || segment.duration,
        });
    }
    for (const use of generation.assets ?? []) {
      const shot = use.shot === null ? undefined : shots.get(use.shot);
      if (shot) shot.assets = [...(shot.assets ?? []), use.id];
    }
    return { kind: 'storyboard', shots: [...shots.values()], model, size: generation.size };
  }
  const params: StudioCreateParams = {
    prompt: generation.prompt,
    model,
    size: generation.size,
    duration: generation.requested.duration ?? generation.duration,
    ...(generation.assets?.length ? { assets: generation.assets.map((use) => use.id) } : {}),
  };
  return { kind: 'generation', params };
}

function estimateOf(generation: Generation): EstimateParams {
  const request = requestOf(generation);
  if (request.kind === 'storyboard')
    return {
      shots: request.shots,
      ...(request.model ? { model: request.model } : {}),
      ...(request.size ? { size: request.size } : {}),
    };
  if (request.kind === 'generation') return request.params;
  return { prompt: generation.prompt };
}
