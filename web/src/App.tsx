/**
 * Boot: learn what the server offers, find a key (stored, or the local auto-login), then show
 * the studio. Everything goes through the public API.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type Capabilities, coreCapabilities } from './api/capabilities.ts';
import { StudioApi } from './api/client.ts';
import { ApiError } from './api/errors.ts';
import { LiveGenerations } from './api/live.ts';
import type { ModelInfo } from './api/types.ts';
import { Shell } from './components/Shell.tsx';
import { SignIn } from './components/SignIn.tsx';
import { forgetKey, loadKey, saveKey } from './lib/session.ts';
import { type Studio, StudioContext } from './studio-context.ts';

type Boot =
  | { stage: 'loading' }
  | { stage: 'signed-out'; capabilities: Capabilities; notice?: string }
  | { stage: 'signed-in'; api: StudioApi; automatic: boolean };

export function App() {
  const [boot, setBoot] = useState<Boot>({ stage: 'loading' });

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const capabilities = await StudioApi.discover();
      const stored = loadKey();
      const key = stored ?? (await StudioApi.localSession('', capabilities));
      if (cancelled) return;
      if (!key) {
        setBoot({ stage: 'signed-out', capabilities });
        return;
      }
      const api = new StudioApi({ apiKey: key }, capabilities);
      try {
        await api.verifyKey();
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
          // Server briefly unreachable: keep the key and let screens show their own errors.
          setBoot({ stage: 'signed-in', api, automatic: !stored });
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback((api: StudioApi) => {
    saveKey(api.apiKey);
    setBoot({ stage: 'signed-in', api, automatic: false });
  }, []);

  const signOut = useCallback(() => {
    forgetKey();
    setBoot((current) => ({
      stage: 'signed-out',
      capabilities: current.stage === 'signed-in' ? current.api.capabilities : coreCapabilities,
    }));
  }, []);

  if (boot.stage === 'loading')
    return (
      <div className="boot" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading studio…
      </div>
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
  const [models, setModels] = useState<ModelInfo[] | undefined>(undefined);

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);

  useEffect(() => {
    let cancelled = false;
    api.listModels().then(
      (list) => {
        if (!cancelled) setModels(list);
      },
      () => {
        if (!cancelled) setModels(undefined);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  const studio: Studio = useMemo(() => ({ api, live, models }), [api, live, models]);
  return (
    <StudioContext.Provider value={studio}>
      <Shell automatic={automatic} onSignOut={onSignOut} />
    </StudioContext.Provider>
  );
}
