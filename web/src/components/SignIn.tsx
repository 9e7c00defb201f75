/** Sign in with an API key (kept in this browser). */
import { type FormEvent, useState } from 'react';
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    const apiKey = key.trim();
    if (!apiKey) {
      setError('Paste your API key first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const api = new StudioApi({ apiKey }, capabilities);
    try {
      await api.verifyKey();
      onSignedIn(api);
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.status === 401)
        setError('That API key was not accepted. Check it and try again.');
      else if (caught instanceof NetworkError) setError(caught.message);
      else setError(caught instanceof Error ? caught.message : 'Sign-in failed.');
    }
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
        <h1 id="signin-title">Sign in</h1>
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
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
