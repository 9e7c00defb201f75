/** Write a prompt (with builder and hints), choose the output, see the estimate, submit, watch. */
import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiError } from '../api/errors.ts';
import { useLiveVersion } from '../api/live.ts';
import type { CreateGenerationBody, LintHint } from '../api/types.ts';
import { useEstimate, usePromptHints } from '../lib/hooks.ts';
import { takeDraft } from '../lib/session.ts';
import { useStudio } from '../studio-context.ts';
import { EstimatePanel } from './EstimatePanel.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { GenerationCard } from './GenerationCard.tsx';
import { ModelSelect, type OutputChoice, OutputSelect, outputFields } from './OutputOptions.tsx';
import { PromptBuilder } from './PromptBuilder.tsx';

export const maxDurationSeconds = 60;

export function CreateView() {
  const { api, live, models } = useStudio();
  useLiveVersion(live);
  const ids = useId();
  const [draft] = useState(takeDraft);
  const [prompt, setPrompt] = useState(draft?.prompt ?? '');
  const [choice, setChoice] = useState<OutputChoice>({ model: '', output: '720p' });
  const [duration, setDuration] = useState(String(draft?.duration ?? 8));
  const [showBuilder, setShowBuilder] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | Error | undefined>(undefined);
  const [lastCreated, setLastCreated] = useState<string | undefined>(undefined);

  const model = models?.find((m) => m.id === choice.model);
  const hints = usePromptHints(api, prompt, choice.model);
  const seconds = Number(duration);
  const durationValid = Number.isFinite(seconds) && seconds > 0 && seconds <= maxDurationSeconds;
  const body: CreateGenerationBody | undefined = useMemo(
    () =>
      prompt.trim() && durationValid ? { prompt, ...outputFields(choice), duration: seconds } : undefined,
    [prompt, choice, seconds, durationValid],
  );
  const estimate = useEstimate(api, body);
  const segmentsNeeded =
    model?.max_duration && durationValid ? Math.ceil(seconds / model.max_duration) : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!body) return;
    setBusy(true);
    setSubmitError(undefined);
    try {
      const generation = await api.createGeneration(body);
      live.upsert(generation);
      setLastCreated(generation.id);
    } catch (error) {
      setSubmitError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  }

  const recent = live.all().slice(0, 8);
  const fieldError = submitError instanceof ApiError ? submitError.param : null;

  return (
    <div className="create-layout">
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
                onChange={(event) => setPrompt(event.target.value)}
                placeholder="A red fox trotting through fresh snow in a birch forest. Camera: slow tracking shot. Lighting: soft morning light. Style: cinematic 35mm film."
                aria-describedby={`${ids}-hints`}
                aria-invalid={fieldError === 'prompt' ? true : undefined}
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
            <Hints id={`${ids}-hints`} hints={hints} empty={!prompt.trim()} />
          </div>
          {showBuilder && (
            <div id={`${ids}-builder`}>
              <PromptBuilder
                onUse={(assembled) => {
                  setPrompt(assembled);
                  setShowBuilder(false);
                }}
              />
            </div>
          )}
          <div className="options">
            <div className="field">
              <label htmlFor={`${ids}-model`}>Model</label>
              <ModelSelect
                id={`${ids}-model`}
                value={choice.model}
                models={models}
                onChange={(value) => setChoice({ ...choice, model: value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-output`}>Resolution or size</label>
              <OutputSelect
                id={`${ids}-output`}
                value={choice.output}
                onChange={(value) => setChoice({ ...choice, output: value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-duration`}>Duration (seconds)</label>
              <input
                id={`${ids}-duration`}
                type="number"
                inputMode="decimal"
                min={1}
                max={maxDurationSeconds}
                step={1}
                value={duration}
                onChange={(event) => setDuration(event.target.value)}
                aria-invalid={!durationValid || fieldError === 'duration' ? true : undefined}
                aria-describedby={`${ids}-duration-help`}
              />
              <p id={`${ids}-duration-help`} className="help">
                {!durationValid
                  ? `Choose 1 to ${maxDurationSeconds} seconds.`
                  : segmentsNeeded && segmentsNeeded > 1
                    ? `Longer than one generation of this model: made of ${segmentsNeeded} parts stitched together.`
                    : 'Up to 60 s; long videos are stitched from several parts.'}
              </p>
            </div>
          </div>
          <EstimatePanel state={estimate} />
          {submitError && (
            <ErrorNotice
              error={
                submitError instanceof ApiError
                  ? {
                      code: submitError.code,
                      type: submitError.type,
                      message: submitError.message,
                      hint: submitError.hint,
                    }
                  : { code: 'internal', message: submitError.message }
              }
            />
          )}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={!body || busy}>
              {busy ? 'Submitting…' : 'Generate video'}
            </button>
            {lastCreated && !busy && !submitError && (
              <span className="muted small" role="status">
                Submitted. It appears below and updates live.
              </span>
            )}
          </div>
        </form>
      </section>
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

function Hints({ id, hints, empty }: { id: string; hints: LintHint[]; empty: boolean }) {
  return (
    <aside className="hints" id={id} aria-label="Prompt hints" aria-live="polite">
      <h2 className="hints-title">Prompt hints</h2>
      {empty ? (
        <p className="muted small">
          Say the subject, action and setting, plus camera movement, lighting and style.
        </p>
      ) : hints.length === 0 ? (
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
    </aside>
  );
}
