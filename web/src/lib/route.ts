/** Hash routes (`#/library`, `#/video/<id>`): work with any static server and the SPA fallback. */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'create' }
  | { name: 'library' }
  | { name: 'video'; id: string }
  | { name: 'storyboard' }
  | { name: 'usage' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, rest] = [path.split('/')[0], path.split('/').slice(1).join('/')];
  switch (head) {
    case 'library':
      return { name: 'library' };
    case 'video':
      return rest ? { name: 'video', id: decodeURIComponent(rest) } : { name: 'library' };
    case 'storyboard':
      return { name: 'storyboard' };
    case 'usage':
      return { name: 'usage' };
    default:
      return { name: 'create' };
  }
}

export function href(route: Route): string {
  return route.name === 'video'
    ? `#/video/${encodeURIComponent(route.id)}`
    : route.name === 'create'
      ? '#/'
      : `#/${route.name}`;
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
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
