/** The gallery: every video of the account, newest first, filtered by status and model. */
import { useCallback, useEffect, useId, useState } from 'react';
import { useLiveVersion } from '../api/live.ts';
import type { Generation, PublicStatus } from '../api/types.ts';
import { statusLabel } from '../lib/format.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { GenerationCard } from './GenerationCard.tsx';

const statuses: PublicStatus[] = [
  'completed',
  'queued',
  'running',
  'downloading',
  'failed',
  'canceled',
  'expired',
];

export function LibraryView() {
  const { api, live, models } = useStudio();
  useLiveVersion(live);
  const ids = useId();
  const [status, setStatus] = useState<PublicStatus | ''>('');
  const [model, setModel] = useState('');
  const [items, setItems] = useState<Generation[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>(undefined);

  const load = useCallback(
    async (after: string | undefined, signal?: AbortSignal) => {
      setLoading(true);
      try {
        const page = await api.listGenerations(
          { after, limit: 24, status: status || undefined, model: model || undefined },
          signal,
        );
        if (signal?.aborted) return;
        for (const generation of page.data) live.upsert(generation);
        setItems((previous) => (after ? [...previous, ...page.data] : page.data));
        setHasMore(page.hasMore);
        setError(undefined);
      } catch (caught) {
        if (!signal?.aborted) setError(caught instanceof Error ? caught : new Error(String(caught)));
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [api, live, status, model],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(undefined, abort.signal);
    return () => abort.abort();
  }, [load]);

  // Merge: the live store has the freshest copy; new generations that match the filter appear on top.
  const matches = (g: Generation) =>
    (!status || g.status === status) && (!model || g.model === model || g.model.endsWith(`:${model}`));
  const shown = new Map<string, Generation>();
  const newest = items[0]?.created_at ?? 0;
  for (const generation of live.all())
    if (generation.created_at >= newest && matches(generation)) shown.set(generation.id, generation);
  for (const item of items) {
    if (live.isDeleted(item.id)) continue;
    const fresh = live.get(item.id) ?? item;
    if (matches(fresh)) shown.set(item.id, fresh);
  }
  const list = [...shown.values()];
  const modelOptions = models?.map((m) => m.id) ?? [...new Set(live.all().map((g) => g.model))].sort();

  return (
    <section aria-labelledby={`${ids}-title`}>
      <div className="row between wrap">
        <h1 id={`${ids}-title`}>Library</h1>
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          <div className="field inline">
            <label htmlFor={`${ids}-status`}>Status</label>
            <select
              id={`${ids}-status`}
              value={status}
              onChange={(event) => setStatus(event.target.value as PublicStatus | '')}
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
            <select id={`${ids}-model`} value={model} onChange={(event) => setModel(event.target.value)}>
              <option value="">All</option>
              {modelOptions.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      </div>
      {error && <ErrorNotice error={{ code: 'internal', message: error.message }} compact />}
      {list.length === 0 && !loading ? (
        <p className="empty muted">
          {status || model ? 'No videos match these filters.' : 'No videos yet. '}
          {!status && !model && <a href="#/">Create your first one.</a>}
        </p>
      ) : (
        <div className="gallery" aria-busy={loading}>
          {list.map((generation) => (
            <GenerationCard key={generation.id} generation={generation} />
          ))}
        </div>
      )}
      {hasMore && (
        <div className="row center">
          <button
            type="button"
            className="btn"
            disabled={loading}
            onClick={() => void load(items.at(-1)?.id)}
          >
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
