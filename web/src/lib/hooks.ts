/**
 * Debounced server help for the forms: the estimate (cost, time, plan, prompt lint and the
 * pre-flight policy check, all in one `POST /v1/estimates`), and prompt hints (the estimate's
 * lint, the lint endpoint, or local rules).
 */
import { useEffect, useState } from 'react';
import type { EstimateParams } from '../../../src/client/index.ts';
import type { StudioApi } from '../api/client.ts';
import type { Estimate, LintHint, LintWarning } from '../api/types.ts';
import { lintPrompt } from './prompt.ts';

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export type EstimateState =
  | { state: 'unavailable' }
  | { state: 'idle' }
  /** `key` names the request the estimate answers (to tell a stale answer from a fresh one). */
  | { state: 'loading'; last?: Estimate; lastKey?: string }
  | { state: 'ready'; estimate: Estimate; key: string }
  | { state: 'error'; error: Error };

/** Asks `POST /v1/estimates` (when the server has it) as the form changes. */
export function useEstimate(api: StudioApi, params: EstimateParams | undefined): EstimateState {
  const key = params ? JSON.stringify(params) : '';
  const debounced = useDebounced(key, 300);
  const [state, setState] = useState<EstimateState>(
    api.canEstimate ? { state: 'idle' } : { state: 'unavailable' },
  );
  useEffect(() => {
    if (!api.canEstimate) return;
    if (!debounced) {
      setState({ state: 'idle' });
      return;
    }
    const abort = new AbortController();
    setState((previous) =>
      previous.state === 'ready'
        ? { state: 'loading', last: previous.estimate, lastKey: previous.key }
        : previous.state === 'loading'
          ? previous
          : { state: 'loading' },
    );
    api.client.estimate(JSON.parse(debounced) as EstimateParams, { signal: abort.signal }).then(
      (estimate) => {
        if (!abort.signal.aborted) setState({ state: 'ready', estimate, key: debounced });
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

/** The estimate shown now: the fresh one, or the last one while a new one loads. */
export function shownEstimate(state: EstimateState): Estimate | undefined {
  return state.state === 'ready' ? state.estimate : state.state === 'loading' ? state.last : undefined;
}

export function hintsFromLint(warnings: readonly LintWarning[]): LintHint[] {
  return warnings.map((warning) => ({
    rule: warning.code,
    message: warning.suggestion ? `${warning.message} ${warning.suggestion}` : warning.message,
    severity: 'warning',
  }));
}

/** Server lint when offered (and no estimate carries it), otherwise the local rules. */
export function usePromptHints(api: StudioApi, prompt: string, model: string, fromEstimate?: LintWarning[]) {
  const debounced = useDebounced(prompt, 300);
  const [serverHints, setServerHints] = useState<LintHint[] | undefined>(undefined);
  const useServer = api.canLint && !api.canEstimate;
  useEffect(() => {
    if (!useServer || !debounced.trim()) {
      setServerHints(undefined);
      return;
    }
    const abort = new AbortController();
    api.client.lintPrompt(debounced, { ...(model ? { model } : {}), signal: abort.signal }).then(
      (answer) => setServerHints(hintsFromLint(answer.warnings)),
      () => {
        if (!abort.signal.aborted) setServerHints(undefined);
      },
    );
    return () => abort.abort();
  }, [api, debounced, model, useServer]);
  if (fromEstimate) return hintsFromLint(fromEstimate);
  // Local rules are cheap: run them on every keystroke so hints never lag behind the text.
  return serverHints ?? lintPrompt(prompt);
}
