/** Debounced server helpers for the forms: prompt hints and cost estimates. */
import { useEffect, useState } from 'react';
import type { StudioApi } from '../api/client.ts';
import type { ApiError } from '../api/errors.ts';
import type { CreateGenerationBody, Estimate, LintHint } from '../api/types.ts';
import { lintPrompt } from './prompt.ts';

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Server lint when offered, otherwise the local rules. */
export function usePromptHints(api: StudioApi, prompt: string, model: string, maxChars?: number): LintHint[] {
  const debounced = useDebounced(prompt, 350);
  const [serverHints, setServerHints] = useState<LintHint[] | undefined>(undefined);
  const useServer = api.lintPath !== undefined;
  useEffect(() => {
    if (!useServer || !debounced.trim()) {
      setServerHints(undefined);
      return;
    }
    const abort = new AbortController();
    api.lint(debounced, model || undefined, abort.signal).then(
      (hints) => setServerHints(hints),
      () => {
        if (!abort.signal.aborted) setServerHints(undefined);
      },
    );
    return () => abort.abort();
  }, [api, debounced, model, useServer]);
  // Local rules are cheap: run them on every keystroke so hints never lag behind the text.
  return serverHints ?? lintPrompt(prompt, maxChars);
}

export type EstimateState =
  | { state: 'unavailable' }
  | { state: 'idle' }
  | { state: 'loading'; last?: Estimate }
  | { state: 'ready'; estimate: Estimate }
  | { state: 'error'; error: ApiError | Error };

/** Asks `POST /v1/estimates` (when the server has it) as the form changes. */
export function useEstimate(api: StudioApi, body: CreateGenerationBody | undefined): EstimateState {
  const key = body ? JSON.stringify(body) : '';
  const debounced = useDebounced(key, 400);
  const [state, setState] = useState<EstimateState>(
    api.estimatesPath ? { state: 'idle' } : { state: 'unavailable' },
  );
  useEffect(() => {
    if (!api.estimatesPath) return;
    if (!debounced) {
      setState({ state: 'idle' });
      return;
    }
    const abort = new AbortController();
    setState((previous) => ({
      state: 'loading',
      ...(previous.state === 'ready' ? { last: previous.estimate } : {}),
    }));
    api.estimate(JSON.parse(debounced) as CreateGenerationBody, abort.signal).then(
      (estimate) => {
        if (!abort.signal.aborted)
          setState(estimate ? { state: 'ready', estimate } : { state: 'unavailable' });
      },
      (error: unknown) => {
        if (!abort.signal.aborted)
          setState({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => abort.abort();
  }, [api, debounced]);
  return state;
}
