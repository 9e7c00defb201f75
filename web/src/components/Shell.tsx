/** The frame: header with navigation, connection and account, then the current screen. */
import { useEffect, useRef } from 'react';
import { useLiveVersion } from '../api/live.ts';
import { href, noFilters, type Route, useRoute } from '../lib/route.ts';
import { maskKey } from '../lib/session.ts';
import { useStudio } from '../studio-context.ts';
import { AssetsView } from './AssetsView.tsx';
import { CreateView } from './CreateView.tsx';
import { LibraryView } from './LibraryView.tsx';
import { StoryboardView } from './StoryboardView.tsx';
import { UsageView } from './UsageView.tsx';
import { VideoView } from './VideoView.tsx';

const connectionText = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Updating',
  offline: 'Offline — retrying',
} as const;

export function Shell({ automatic, onSignOut }: { automatic: boolean; onSignOut: () => void }) {
  const { api, live, emulated } = useStudio();
  const route = useRoute();
  useLiveVersion(live);
  useRouteFocus(route);
  const tabs: { route: Route; label: string }[] = [
    { route: { name: 'create' }, label: 'Create' },
    { route: { name: 'library', filters: noFilters }, label: 'Library' },
    { route: { name: 'storyboard' }, label: 'Storyboard' },
    ...(api.canAssets ? [{ route: { name: 'assets' } as Route, label: 'Assets' }] : []),
    { route: { name: 'usage' }, label: 'Usage' },
  ];
  const active = route.name === 'video' ? 'library' : route.name;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="#/" aria-label="reelgate studio, home">
          <span className="brand-mark" aria-hidden="true">
            ▶
          </span>
          <span>
            reelgate <span className="brand-sub">studio</span>
          </span>
        </a>
        {emulated && (
          <span
            className="emulated"
            title="No provider is configured: videos are made by reelgate's built-in emulator and cost nothing."
          >
            Emulator
          </span>
        )}
        <nav aria-label="Main" className="tabs">
          {tabs.map((tab) => (
            <a
              key={tab.route.name}
              href={href(tab.route)}
              className="tab"
              aria-current={active === tab.route.name ? 'page' : undefined}
            >
              {tab.label}
            </a>
          ))}
        </nav>
        <div className="account">
          <span className={`conn conn-${live.connection}`} title="Connection to the server" role="status">
            <span className="conn-dot" aria-hidden="true" />
            <span className="conn-text">{connectionText[live.connection]}</span>
          </span>
          {live.connection === 'offline' && (
            <button type="button" className="btn btn-small" onClick={() => live.retryNow()}>
              Retry
            </button>
          )}
          <span
            className="key"
            title={automatic ? 'Signed in automatically on this machine' : 'Your API key'}
          >
            {automatic ? 'Local' : maskKey(api.apiKey)}
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {route.name === 'create' && <CreateView />}
        {route.name === 'library' && <LibraryView filters={route.filters} />}
        {route.name === 'video' && <VideoView key={route.id} id={route.id} />}
        {route.name === 'storyboard' && <StoryboardView />}
        {route.name === 'assets' && <AssetsView />}
        {route.name === 'usage' && <UsageView />}
      </main>
    </div>
  );
}

/**
 * On every change of screen: back to the top, and keyboard/screen-reader focus on the new
 * screen's heading (it may render a moment later, e.g. once a video has loaded).
 */
function useRouteFocus(route: Route): void {
  const key = route.name === 'video' ? `video:${route.id}` : route.name;
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the screen's key is the trigger
  useEffect(() => {
    window.scrollTo(0, 0);
    if (first.current) {
      first.current = false;
      return;
    }
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const heading = document.querySelector<HTMLElement>('#main h1');
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
        window.scrollTo(0, 0);
        return;
      }
      if (frames++ < 120) handle = requestAnimationFrame(tryFocus);
    };
    handle = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(handle);
  }, [key]);
}
