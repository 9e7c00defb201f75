/**
 * A gallery tile: the same size for every video (portrait ones letterboxed), plays a muted
 * preview on hover or when "Play preview" is pressed (tap, keyboard), a favourite star, and a
 * compact error chip (details on the video page).
 */
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { finalStatuses, type Generation } from '../api/types.ts';
import { clip, formatMoney, formatWhen, titleOf } from '../lib/format.ts';
import { href, useNow } from '../lib/route.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorChip } from './ErrorNotice.tsx';
import { LiveProgress, StatusBadge } from './Progress.tsx';

export function GalleryTile({ generation, reconnects }: { generation: Generation; reconnects: number }) {
  const { api, live } = useStudio();
  const now = useNow(30_000);
  const title = clip(titleOf(generation), 120);
  const [playing, setPlaying] = useState(false);
  const [broken, setBroken] = useState(false);
  const [favoriteError, setFavoriteError] = useState<string | undefined>(undefined);
  const video = useRef<HTMLVideoElement>(null);
  const favorite = live.isFavorite(generation.id);
  const videoUrl = generation.status === 'completed' ? generation.video?.url : undefined;
  const portrait = isPortrait(generation.size);

  // After the connection comes back, try the picture again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => setBroken(false), [reconnects]);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    if (playing) void element.play().catch(() => setPlaying(false));
    else {
      element.pause();
      element.currentTime = 0;
    }
  }, [playing]);

  async function toggleFavorite() {
    setFavoriteError(undefined);
    try {
      await live.setFavorite(generation.id, !favorite);
    } catch (error) {
      setFavoriteError(describeError(error).message);
    }
  }

  return (
    <article
      className={`tile status-${generation.status}${portrait ? ' tile-portrait' : ''}`}
      aria-label={title}
      data-id={generation.id}
      // Hover plays with a mouse only; a tap goes to the Play preview button.
      onPointerEnter={(event) => event.pointerType === 'mouse' && videoUrl && setPlaying(true)}
      onPointerLeave={(event) => event.pointerType === 'mouse' && setPlaying(false)}
    >
      <div className="tile-media">
        {videoUrl && playing ? (
          <video ref={video} className="tile-video" src={videoUrl} muted loop playsInline preload="auto" />
        ) : generation.thumbnail?.url && !broken ? (
          <img
            key={reconnects}
            className="tile-img"
            src={generation.thumbnail.url}
            alt=""
            loading="lazy"
            decoding="async"
            onError={() => setBroken(true)}
          />
        ) : (
          <div className={`tile-empty thumb-${generation.status}`}>
            <span aria-hidden="true">
              {generation.status === 'completed' ? '▶' : finalStatuses.has(generation.status) ? '✕' : ''}
            </span>
          </div>
        )}
        {generation.status === 'completed' && <span className="duration-chip">{generation.duration}s</span>}
        {videoUrl && (
          <button
            type="button"
            className="tile-play"
            aria-pressed={playing}
            aria-label={`Play preview: ${clip(title, 60)}`}
            onClick={() => setPlaying(!playing)}
          >
            <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
          </button>
        )}
        {api.canFavorite && (
          <button
            type="button"
            className={`tile-star${favorite ? ' is-favorite' : ''}`}
            aria-pressed={favorite}
            aria-label={`Favourite: ${clip(title, 60)}`}
            onClick={() => void toggleFavorite()}
          >
            <span aria-hidden="true">{favorite ? '★' : '☆'}</span>
          </button>
        )}
      </div>
      <div className="tile-body">
        <div className="gen-head">
          <StatusBadge status={generation.status} />
          {generation.error && finalStatuses.has(generation.status) && <ErrorChip error={generation.error} />}
          <span className="muted small tile-when">{formatWhen(generation.created_at, now)}</span>
        </div>
        <p className="gen-prompt">
          <a href={href({ name: 'video', id: generation.id })}>{title}</a>
        </p>
        <p className="gen-meta muted small">
          {[
            generation.size,
            `${generation.duration}s`,
            generation.cost !== null ? formatMoney(generation.cost) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <LiveProgress generation={generation} />
        {favoriteError && (
          <p className="field-error" role="alert">
            {favoriteError}
          </p>
        )}
      </div>
    </article>
  );
}

function isPortrait(size: string): boolean {
  const [width, height] = size.split('x').map(Number);
  return !!width && !!height && height > width;
}
