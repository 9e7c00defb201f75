/** Sign in with an API key (kept in this browser), or as this computer's local user. */
import { type FormEvent, useEffect, useState } from 'react';
import type { Capabilities } from '../api/capabilities.ts';
import { StudioApi } from '../api/client.ts';
import { ApiError, NetworkError } from '../api/errors.ts';

export function SignIn({
  capabilities,
  onSignedIn,
  notice,
}: {
  capabilities: Capabilities;
  onSignedIn: (api: StudioApi) => void;
  notice?: string;
}) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [localKey, setLocalKey] = useState<string | undefined>(undefined);

  // After signing out on a local install, offer the way back in without a key.
  useEffect(() => {
    let cancelled = false;
    StudioApi.localSession(capabilities).then((found) => {
      if (!cancelled) setLocalKey(found);
    });
    return () => {
      cancelled = true;
    };
  }, [capabilities]);

  async function check(apiKey: string) {
    setBusy(true);
    setError(undefined);
    const api = new StudioApi({ apiKey }, capabilities);
    try {
      await api.client.list({ limit: 1 });
      onSignedIn(api);
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.status === 401)
        setError('That API key was not accepted. Check it and try again.');
      else if (caught instanceof NetworkError)
        setError('The reelgate server cannot be reached. Try again in a moment.');
      else setError(caught instanceof Error ? caught.message : 'Sign-in failed.');
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const apiKey = key.trim();
    if (!apiKey) {
      setError('Paste your API key first.');
      return;
    }
    void check(apiKey);
  }

  return (
    <main className="signin" id="main">
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">▶</span>
          <span>
            reelgate <span className="brand-sub">studio</span>
          </span>
        </div>
        <h1 id="signin-title" tabIndex={-1}>
          Sign in
        </h1>
        <p className="muted">
          Describe a video, watch it being made, keep it. Use an API key of this reelgate server.
        </p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          placeholder="rg_…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'api-key-error' : 'api-key-help'}
        />
        {error ? (
          <p id="api-key-error" className="field-error" role="alert">
            {error}
          </p>
        ) : (
          <p id="api-key-help" className="help">
            Kept in this browser only. Create one with <code>reelgate keys create</code> or set{' '}
            <code>REELGATE_API_KEYS</code>.
          </p>
        )}
        <div className="row wrap">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
          {localKey && (
            <button type="button" className="btn" disabled={busy} onClick={() => void check(localKey)}>
              Continue as this computer's user
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
