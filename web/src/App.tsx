/**
 * Boot: learn what the server offers, find a key (stored, or the local auto-login unless the
 * user signed out here), then show the studio. Everything goes through `reelgate/client`.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Capabilities } from './api/capabilities.ts';
import { StudioApi } from './api/client.ts';
import { ApiError } from './api/errors.ts';
import { LiveGenerations } from './api/live.ts';
import type { ModelInfo } from './api/types.ts';
import { Shell } from './components/Shell.tsx';
import { SignIn } from './components/SignIn.tsx';
import { forgetKey, loadKey, saveKey, signedOutHere, signOutHere } from './lib/session.ts';
import { type Studio, StudioContext } from './studio-context.ts';

type Boot =
  | { stage: 'loading' }
  | { stage: 'unreachable' }
  | { stage: 'signed-out'; capabilities: Capabilities; notice?: string }
  | { stage: 'signed-in'; api: StudioApi; automatic: boolean };

export function App() {
  const [boot, setBoot] = useState<Boot>({ stage: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each attempt (Retry) boots again
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const capabilities = await StudioApi.discover();
      if (cancelled) return;
      if (!capabilities) {
        setBoot({ stage: 'unreachable' });
        return;
      }
      const stored = loadKey();
      const key = stored ?? (signedOutHere() ? undefined : await StudioApi.localSession(capabilities));
      if (cancelled) return;
      if (!key) {
        setBoot({ stage: 'signed-out', capabilities });
        return;
      }
      const api = new StudioApi({ apiKey: key }, capabilities);
      try {
        await api.client.list({ limit: 1 });
        if (!cancelled) setBoot({ stage: 'signed-in', api, automatic: !stored });
      } catch (error) {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) {
          forgetKey();
          setBoot({
            stage: 'signed-out',
            capabilities,
            notice: 'Your saved API key is no longer accepted. Sign in again.',
          });
        } else {
          // Briefly unreachable: keep the key; the screens say "offline" and retry.
          setBoot({ stage: 'signed-in', api, automatic: !stored });
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  // While the server cannot be reached at all, try again every few seconds.
  useEffect(() => {
    if (boot.stage !== 'unreachable') return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), 3000);
    return () => clearTimeout(timer);
  }, [boot]);

  const signIn = useCallback((api: StudioApi) => {
    saveKey(api.apiKey);
    setBoot({ stage: 'signed-in', api, automatic: false });
  }, []);

  const signOut = useCallback(() => {
    signOutHere();
    setBoot((current) =>
      current.stage === 'signed-in'
        ? { stage: 'signed-out', capabilities: current.api.capabilities }
        : current,
    );
  }, []);

  if (boot.stage === 'loading')
    return (
      <div className="boot" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading studio…
      </div>
    );
  if (boot.stage === 'unreachable')
    return (
      <main className="boot" id="main">
        <div className="card narrow boot-card">
          <h1>Offline — retrying</h1>
          <p className="muted">The reelgate server cannot be reached. The studio reconnects by itself.</p>
          <button type="button" className="btn btn-primary" onClick={() => setAttempt((n) => n + 1)}>
            Retry now
          </button>
        </div>
      </main>
    );
  if (boot.stage === 'signed-out')
    return (
      <SignIn
        capabilities={boot.capabilities}
        onSignedIn={signIn}
        {...(boot.notice ? { notice: boot.notice } : {})}
      />
    );
  return <SignedIn api={boot.api} automatic={boot.automatic} onSignOut={signOut} />;
}

function SignedIn({
  api,
  automatic,
  onSignOut,
}: {
  api: StudioApi;
  automatic: boolean;
  onSignOut: () => void;
}) {
  const live = useMemo(() => new LiveGenerations(api), [api]);
  const [models, setModels] = useState<{ list: ModelInfo[]; defaultModel: string | null } | undefined>();
  const [emulated, setEmulated] = useState(false);
  // Reload the model list and the emulator flag when the connection comes back.
  const reconnects = useSyncExternalStore(live.subscribe, () => live.reconnects);

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => {
    let cancelled = false;
    if (api.canListModels)
      api.client.models().then(
        (answer) => {
          if (!cancelled) setModels({ list: answer.data, defaultModel: answer.default_model });
        },
        () => {},
      );
    api.client.health().then(
      (health) => {
        if (!cancelled) setEmulated(health.emulated === true);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [api, reconnects]);

  const studio: Studio = useMemo(
    () => ({ api, live, models: models?.list, defaultModel: models?.defaultModel ?? null, emulated }),
    [api, live, models, emulated],
  );
  return (
    <StudioContext.Provider value={studio}>
      <Shell automatic={automatic} onSignOut={onSignOut} />
    </StudioContext.Provider>
  );
}
