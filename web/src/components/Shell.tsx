/** The frame: header with navigation and account, then the current screen. */
import { useEffect, useState } from 'react';
import { useLiveVersion } from '../api/live.ts';
import { href, type Route, useRoute } from '../lib/route.ts';
import { maskKey } from '../lib/session.ts';
import { useStudio } from '../studio-context.ts';
import { CreateView } from './CreateView.tsx';
import { LibraryView } from './LibraryView.tsx';
import { StoryboardView } from './StoryboardView.tsx';
import { UsageView } from './UsageView.tsx';
import { VideoView } from './VideoView.tsx';

const connectionText = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Updating',
  offline: 'Offline',
} as const;

export function Shell({ automatic, onSignOut }: { automatic: boolean; onSignOut: () => void }) {
  const { api, live } = useStudio();
  const route = useRoute();
  useLiveVersion(live);
  const emulated = useEmulated(api.baseUrl);
  const tabs: { route: Route; label: string; show: boolean }[] = [
    { route: { name: 'create' }, label: 'Create', show: true },
    { route: { name: 'library' }, label: 'Library', show: true },
    { route: { name: 'storyboard' }, label: 'Storyboard', show: true },
    { route: { name: 'usage' }, label: 'Usage', show: true },
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
            title="No provider is configured: videos are made by reelgate's built-in emulator."
          >
            Emulator
          </span>
        )}
        <nav aria-label="Main" className="tabs">
          {tabs
            .filter((tab) => tab.show)
            .map((tab) => (
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
          <span
            className={`conn conn-${live.connection}`}
            title="Connection to the event stream"
            role="status"
          >
            <span className="conn-dot" aria-hidden="true" />
            <span className="conn-text">{connectionText[live.connection]}</span>
          </span>
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
        {route.name === 'library' && <LibraryView />}
        {route.name === 'video' && <VideoView id={route.id} />}
        {route.name === 'storyboard' && <StoryboardView />}
        {route.name === 'usage' && <UsageView />}
      </main>
    </div>
  );
}

/** Whether the server runs on its built-in emulator (public `/healthz`), to say so plainly. */
function useEmulated(baseUrl: string): boolean {
  const [emulated, setEmulated] = useState(false);
  useEffect(() => {
    let cancelled = false;
    fetch(`${baseUrl}/healthz`)
      .then((response) => (response.ok ? response.json() : undefined))
      .then((body: unknown) => {
        if (!cancelled) setEmulated(!!body && (body as { emulated?: unknown }).emulated === true);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [baseUrl]);
  return emulated;
}
