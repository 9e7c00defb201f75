/**
 * Write a prompt (builder, hints), choose what the model makes, see the cost and the policy
 * check before paying, generate one video or 2-4 variations, see the same request as code.
 */
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { useLiveVersion } from '../api/live.ts';
import type { StudioCreateParams, LintHint } from '../api/types.ts';
import { shownEstimate, useEstimate, usePromptHints } from '../lib/hooks.ts';
import { fitChoice, modelFor, type OutputChoice, outputFields } from '../lib/options.ts';
import { joinWords, policyView } from '../lib/policy.ts';
import { loadDraft, saveDraft, takeHandover } from '../lib/session.ts';
import { useStudio } from '../studio-context.ts';
import { type AdvancedChoice, AdvancedOptions, advancedFields, noAdvanced } from './AdvancedOptions.tsx';
import { ApiPanel } from './ApiPanel.tsx';
import { AssetPicker } from './AssetPicker.tsx';
import { EstimatePanel } from './EstimatePanel.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { GenerationCard } from './GenerationCard.tsx';
import { OutputFields } from './OutputOptions.tsx';
import { PromptBuilder } from './PromptBuilder.tsx';

interface CreateDraft {
  prompt: string;
  choice: OutputChoice;
  count: number;
  advanced: AdvancedChoice;
  /** Asset ids sent as reference images. */
  assets?: string[] | undefined;
}

const noAssets: string[] = [];

const emptyDraft: CreateDraft = {
  prompt: '',
  choice: { model: '', output: '', duration: 8 },
  count: 1,
  advanced: noAdvanced,
};

function initialDraft(): CreateDraft {
  const handover = takeHandover();
  if (handover)
    return {
      prompt: handover.prompt,
      choice: {
        model: handover.model ?? '',
        output: handover.output ?? '',
        duration: handover.duration ?? 8,
      },
      count: 1,
      advanced: noAdvanced,
      ...(handover.assets ? { assets: handover.assets } : {}),
    };
  return { ...emptyDraft, ...loadDraft<CreateDraft>('create') };
}

export function CreateView() {
  const { api, live, models, defaultModel } = useStudio();
  useLiveVersion(live);
  const ids = useId();
  const [draft, setDraft] = useState(initialDraft);
  const [showBuilder, setShowBuilder] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(undefined);
  const [batch, setBatch] = useState<string[]>([]);
  const { prompt, count, advanced } = draft;
  const assets = draft.assets ?? noAssets;
  const model = modelFor(models, draft.choice.model, defaultModel);
  const choice = models ? fitChoice(draft.choice, model) : draft.choice;

  useEffect(() => saveDraft('create', draft), [draft]);

  const params: StudioCreateParams | undefined = useMemo(
    () =>
      prompt.trim()
        ? {
            prompt,
            ...outputFields(choice),
            ...advancedFields(advanced),
            ...(assets.length > 0 ? { assets } : {}),
          }
        : undefined,
    [prompt, choice, advanced, assets],
  );
  const estimateState = useEstimate(api, params);
  const estimate = shownEstimate(estimateState);
  // The policy answer for exactly this request (a stale one never blocks a changed prompt).
  const current = !!estimate && estimateFor(estimateState) === JSON.stringify(params);
  const policy = current ? policyView(estimate?.policy, prompt) : undefined;
  const hints = usePromptHints(api, prompt, choice.model, prompt.trim() ? estimate?.lint : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!params || policy) return;
    setBusy(true);
    setSubmitError(undefined);
    try {
      const created = [];
      for (let index = 0; index < count; index++) {
        const generation = await api.client.create(params);
        live.upsert(generation);
        created.push(generation.id);
      }
      setBatch(created);
    } catch (error) {
      setSubmitError(error);
    } finally {
      setBusy(false);
    }
  }

  const update = (patch: Partial<CreateDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const recent = live.all().slice(0, 8);
  const made = batch.map((id) => live.get(id)).filter((generation) => generation !== undefined);
  const submitInfo = submitError ? describeError(submitError) : undefined;
  // One refusal message only: a refused submit repeats what the policy check already shows.
  const showSubmitError = submitInfo && !(policy && submitInfo.code === 'input_refused');

  return (
    <div className="create-layout">
      <div className="create-main">
        <section className="card create-card" aria-labelledby={`${ids}-title`}>
          <h1 id={`${ids}-title`}>Create a video</h1>
          <form onSubmit={submit} noValidate>
            <div className="prompt-area">
              <div className="field grow">
                <label htmlFor={`${ids}-prompt`}>Prompt</label>
                <textarea
                  id={`${ids}-prompt`}
                  name="prompt"
                  rows={5}
                  value={prompt}
                  onChange={(event) => update({ prompt: event.target.value })}
                  placeholder="A red fox trotting through fresh snow in a birch forest. Camera: slow tracking shot. Lighting: soft morning light. Style: cinematic 35mm film."
                  aria-describedby={`${ids}-hints`}
                  aria-invalid={policy || submitInfo?.code === 'input_refused' ? true : undefined}
                />
                <div className="row between">
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-expanded={showBuilder}
                    aria-controls={`${ids}-builder`}
                    onClick={() => setShowBuilder(!showBuilder)}
                  >
                    {showBuilder ? 'Hide prompt builder' : 'Open prompt builder'}
                  </button>
                  <span className="muted small">{prompt.length} characters</span>
                </div>
              </div>
              <Hints id={`${ids}-hints`} hints={hints} empty={!prompt.trim()} refusedFor={policy?.reasons} />
            </div>
            {showBuilder && (
              <div id={`${ids}-builder`}>
                <PromptBuilder
                  onUse={(assembled) => {
                    update({ prompt: assembled });
                    setShowBuilder(false);
                  }}
                />
              </div>
            )}
            <OutputFields idPrefix={ids} choice={choice} onChange={(next) => update({ choice: next })} />
            <AssetPicker
              legend="Assets (reference images)"
              selected={assets}
              onChange={(next) => update({ assets: next })}
            />
            <AdvancedOptions
              idPrefix={`${ids}-advanced`}
              value={advanced}
              model={model}
              onChange={(next) => update({ advanced: next })}
            />
            <div className="field variations-field">
              <label htmlFor={`${ids}-count`}>Videos</label>
              <select
                id={`${ids}-count`}
                value={String(count)}
                onChange={(event) => update({ count: Number(event.target.value) })}
              >
                <option value="1">1 video</option>
                <option value="2">2 variations</option>
                <option value="3">3 variations</option>
                <option value="4">4 variations</option>
              </select>
            </div>
            <EstimatePanel state={estimateState} prompt={prompt} count={count} />
            {showSubmitError && <ErrorNotice error={submitInfo} />}
            <div className="row wrap">
              <button type="submit" className="btn btn-primary" disabled={!params || busy || !!policy}>
                {busy ? 'Submitting…' : count > 1 ? `Generate ${count} variations` : 'Generate video'}
              </button>
              {batch.length > 0 && !busy && !submitError && (
                <span className="muted small" role="status">
                  {batch.length > 1
                    ? 'Submitted. They appear under Variations and update live.'
                    : 'Submitted. It appears under Recent and updates live.'}
                </span>
              )}
            </div>
          </form>
        </section>
        {made.length > 1 && (
          <section className="variations" aria-labelledby={`${ids}-variations`}>
            <h2 id={`${ids}-variations`}>Variations</h2>
            <div className="variation-grid">
              {made.map((generation) => (
                <GenerationCard key={generation.id} generation={generation} />
              ))}
            </div>
          </section>
        )}
        <ApiPanel
          request={params ? { kind: 'generation', params } : undefined}
          baseUrl={api.baseUrl}
          generation={made[0]}
          seen={made[0] ? live.seen(made[0].id) : undefined}
        />
      </div>
      <section className="recent" aria-labelledby={`${ids}-recent`}>
        <div className="row between">
          <h2 id={`${ids}-recent`}>Recent</h2>
          <a href="#/library" className="small">
            See all in the library →
          </a>
        </div>
        {recent.length === 0 ? (
          <p className="empty muted">Nothing yet. Your videos appear here while they are made.</p>
        ) : (
          <div className="card-list">
            {recent.map((generation) => (
              <GenerationCard key={generation.id} generation={generation} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

function estimateFor(state: ReturnType<typeof useEstimate>): string | undefined {
  return state.state === 'ready' ? state.key : state.state === 'loading' ? state.lastKey : undefined;
}

function Hints({
  id,
  hints,
  empty,
  refusedFor,
}: {
  id: string;
  hints: LintHint[];
  empty: boolean;
  refusedFor: string[] | undefined;
}) {
  return (
    <aside className="hints" id={id} aria-label="Prompt hints" aria-live="polite">
      <h2 className="hints-title">Prompt hints</h2>
      {empty ? (
        <p className="muted small">
          Say the subject, action and setting, plus camera movement, lighting and style.
        </p>
      ) : (
        <>
          {refusedFor && (
            <p className="hint hint-refused small">
              Would be refused: it {joinWords(refusedFor)}. See the marked words below.
            </p>
          )}
          {hints.length === 0 && !refusedFor ? (
            <p className="hint-ok small">Looks good: subject, camera, lighting and style are all there.</p>
          ) : (
            <ul>
              {hints.map((hint) => (
                <li key={`${hint.rule}-${hint.message}`} className={`hint hint-${hint.severity}`}>
                  {hint.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
