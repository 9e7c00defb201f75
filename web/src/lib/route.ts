/**
 * Hash routes (`#/library?status=failed&q=fox`, `#/video/<id>`): work with any static server
 * and the SPA fallback. Library filters live in the query part so they survive reloads and can
 * be shared as links.
 */
import { useEffect, useState } from 'react';

export interface LibraryFilters {
  q: string;
  status: string;
  model: string;
  favorites: boolean;
}

export type Route =
  | { name: 'create' }
  | { name: 'library'; filters: LibraryFilters }
  | { name: 'video'; id: string }
  | { name: 'storyboard' }
  | { name: 'assets' }
  | { name: 'usage' };

export const noFilters: LibraryFilters = { q: '', status: '', model: '', favorites: false };

export function parseRoute(hash: string): Route {
  const full = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = full.split('?');
  const [head, ...rest] = path.split('/');
  switch (head) {
    case 'library': {
      const params = new URLSearchParams(query);
      return {
        name: 'library',
        filters: {
          q: params.get('q') ?? '',
          status: params.get('status') ?? '',
          model: params.get('model') ?? '',
          favorites: params.get('favorites') === '1',
        },
      };
    }
    case 'video':
      return rest.length > 0
        ? { name: 'video', id: decodeURIComponent(rest.join('/')) }
        : { name: 'library', filters: noFilters };
    case 'storyboard':
      return { name: 'storyboard' };
    case 'usage':
      return { name: 'usage' };
    case 'assets':
      return { name: 'assets' };
    default:
      return { name: 'create' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'video':
      return `#/video/${encodeURIComponent(route.id)}`;
    case 'create':
      return '#/';
    case 'library': {
      const params = new URLSearchParams();
      if (route.filters.q) params.set('q', route.filters.q);
      if (route.filters.status) params.set('status', route.filters.status);
      if (route.filters.model) params.set('model', route.filters.model);
      if (route.filters.favorites) params.set('favorites', '1');
      return params.size > 0 ? `#/library?${params}` : '#/library';
    }
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const target = href(route);
  if (window.location.hash === target) return;
  // Typing in the search box should not add a history entry per keystroke.
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  // Dispatched now, not on the next task as setting location.hash would: a controlled
  // checkbox or select then re-renders with its new value in the same event, never flicking back.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Re-renders every `ms` (for "x s left" countdowns). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
