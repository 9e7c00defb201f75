/**
 * The gallery: every video of the account, newest first; search by prompt, filter by status,
 * model and favourites (all in the URL), live updates, offline state that recovers by itself.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { useLiveVersion } from '../api/live.ts';
import type { Generation, PublicStatus } from '../api/types.ts';
import { statusLabel } from '../lib/format.ts';
import { type LibraryFilters, navigate, noFilters } from '../lib/route.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { GalleryTile } from './GalleryTile.tsx';

const statuses: PublicStatus[] = [
  'completed',
  'queued',
  'running',
  'downloading',
  'failed',
  'canceled',
  'expired',
];

export function LibraryView({ filters }: { filters: LibraryFilters }) {
  const { api, live, models } = useStudio();
  useLiveVersion(live);
  const ids = useId();
  const reconnects = live.reconnects;
  const [items, setItems] = useState<Generation[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [lastId, setLastId] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [query, setQuery] = useState(filters.q);
  const status = filters.status as PublicStatus | '';
  const { model } = filters;

  // Pending search text goes along with any other filter change.
  const setFilters = (patch: Partial<LibraryFilters>, replace = false) =>
    navigate({ name: 'library', filters: { ...filters, q: query, ...patch } }, { replace });

  // The search box writes to the URL a moment after typing stops (no history entry per key).
  useEffect(() => {
    if (query === filters.q) return;
    const timer = setTimeout(
      () => navigate({ name: 'library', filters: { ...filters, q: query } }, { replace: true }),
      250,
    );
    return () => clearTimeout(timer);
  }, [query, filters]);
  // Follow the URL when it changes elsewhere (Clear filters, back button).
  useEffect(() => setQuery(filters.q), [filters.q]);

  const load = useCallback(
    async (after: string | undefined, signal?: AbortSignal) => {
      setLoading(true);
      try {
        const page = await api.client.list(
          {
            limit: 24,
            ...(after ? { after } : {}),
            ...(status ? { status } : {}),
            ...(model ? { model } : {}),
          },
          signal ? { signal } : {},
        );
        if (signal?.aborted) return;
        for (const generation of page.data) live.upsert(generation);
        setItems((previous) => (after ? [...previous, ...page.data] : page.data));
        setHasMore(page.hasMore);
        setLastId(page.lastId);
        setError(undefined);
      } catch (caught) {
        if (!signal?.aborted) setError(caught);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [api, live, status, model],
  );

  // Load on open, on a filter change, and again when the connection comes back.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => {
    const abort = new AbortController();
    void load(undefined, abort.signal);
    return () => abort.abort();
  }, [load, reconnects]);

  // Favourites may be older than the loaded pages: fetch the missing ones.
  const missingFavorites = filters.favorites
    ? live
        .favoriteIds()
        .filter((id) => !live.get(id))
        .slice(0, 48)
        .join(',')
    : '';
  useEffect(() => {
    if (!missingFavorites) return;
    for (const id of missingFavorites.split(','))
      api.client.get(id).then(
        (generation) => live.upsert(generation),
        () => {},
      );
  }, [api, live, missingFavorites]);

  const needle = filters.q.trim().toLowerCase();
  const matches = (g: Generation) =>
    (!status || g.status === status) &&
    (!model || g.model === model || g.model.endsWith(`:${model}`)) &&
    (!filters.favorites || live.isFavorite(g.id)) &&
    (!needle || g.prompt.toLowerCase().includes(needle));
  const shown = new Map<string, Generation>();
  const newest = items[0]?.created_at ?? 0;
  for (const generation of live.all())
    if ((generation.created_at >= newest || filters.favorites || needle) && matches(generation))
      shown.set(generation.id, generation);
  for (const item of items) {
    if (live.isDeleted(item.id)) continue;
    const fresh = live.get(item.id) ?? item;
    if (matches(fresh)) shown.set(item.id, fresh);
  }
  const list = [...shown.values()].sort((a, b) => b.created_at - a.created_at);
  const modelOptions = models?.map((m) => m.id) ?? [...new Set(live.all().map((g) => g.model))].sort();
  const filtered = filters.q || filters.status || filters.model || filters.favorites;
  const offline = error !== undefined && describeError(error).code === 'network';

  return (
    <section aria-labelledby={`${ids}-title`} className="library">
      <div className="row between wrap">
        <h1 id={`${ids}-title`}>Library</h1>
        <search className="filters">
          <div className="field inline search-field">
            <label htmlFor={`${ids}-q`}>Search prompts</label>
            <input
              id={`${ids}-q`}
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="fox, lighthouse…"
            />
          </div>
          <div className="field inline">
            <label htmlFor={`${ids}-status`}>Status</label>
            <select
              id={`${ids}-status`}
              value={status}
              onChange={(event) => setFilters({ status: event.target.value })}
            >
              <option value="">All</option>
              {statuses.map((value) => (
                <option key={value} value={value}>
                  {statusLabel[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="field inline">
            <label htmlFor={`${ids}-model`}>Model</label>
            <select
              id={`${ids}-model`}
              value={model}
              onChange={(event) => setFilters({ model: event.target.value })}
            >
              <option value="">All</option>
              {modelOptions.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
          {api.canFavorite && (
            <div className="field inline checkbox">
              <input
                id={`${ids}-fav`}
                type="checkbox"
                checked={filters.favorites}
                onChange={(event) => setFilters({ favorites: event.target.checked })}
              />
              <label htmlFor={`${ids}-fav`}>Favourites only</label>
            </div>
          )}
          {filtered && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => navigate({ name: 'library', filters: noFilters })}
            >
              Clear filters
            </button>
          )}
        </search>
      </div>
      {error !== undefined && (
        <div className="row wrap offline-row">
          <ErrorNotice error={describeError(error)} compact />
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              live.retryNow();
              void load(undefined);
            }}
          >
            Retry
          </button>
        </div>
      )}
      {list.length === 0 && !loading && !offline ? (
        <div className="empty muted">
          {filtered ? (
            <>
              <p>No videos match these filters.</p>
              <button
                type="button"
                className="btn"
                onClick={() => navigate({ name: 'library', filters: noFilters })}
              >
                Clear filters
              </button>
            </>
          ) : (
            <p>
              No videos yet. <a href="#/">Create your first one.</a>
            </p>
          )}
        </div>
      ) : (
        <div className="gallery" aria-busy={loading}>
          {list.map((generation) => (
            <GalleryTile key={generation.id} generation={generation} reconnects={reconnects} />
          ))}
        </div>
      )}
      {hasMore && lastId && (
        <div className="row center">
          <button type="button" className="btn" disabled={loading} onClick={() => void load(lastId)}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
