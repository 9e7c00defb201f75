/** The storyboard editor: ordered shots (prompt + duration), generated as one stitched video. */
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api/errors.ts';
import { useGeneration } from '../api/live.ts';
import { useStudio } from '../studio-context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { GenerationCard } from './GenerationCard.tsx';
import { ModelSelect, type OutputChoice, OutputSelect, outputFields } from './OutputOptions.tsx';

interface Shot {
  key: number;
  prompt: string;
  duration: string;
}

let nextKey = 1;
const newShot = (prompt = '', duration = '4'): Shot => ({ key: nextKey++, prompt, duration });

export function StoryboardView() {
  const { api, live, models } = useStudio();
  const ids = useId();
  const [shots, setShots] = useState<Shot[]>(() => [newShot(), newShot()]);
  const [choice, setChoice] = useState<OutputChoice>({ model: '', output: '720p' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [createdId, setCreatedId] = useState<string | undefined>(undefined);
  const created = useGeneration(live, createdId);
  const [announcement, setAnnouncement] = useState('');

  const valid = shots.length > 0 && shots.every((shot) => shot.prompt.trim() && Number(shot.duration) > 0);
  const total = shots.reduce((sum, shot) => sum + (Number(shot.duration) || 0), 0);

  function update(index: number, patch: Partial<Shot>) {
    setShots(shots.map((shot, i) => (i === index ? { ...shot, ...patch } : shot)));
  }

  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= shots.length) return;
    const next = [...shots];
    [next[index], next[target]] = [next[target]!, next[index]!];
    setShots(next);
    setAnnouncement(`Shot ${index + 1} moved to position ${target + 1}.`);
    // Keep keyboard focus on the same control of the moved shot.
    requestAnimationFrame(() =>
      document.getElementById(`${ids}-${by < 0 ? 'up' : 'down'}-${target}`)?.focus(),
    );
  }

  function remove(index: number) {
    setShots(shots.filter((_, i) => i !== index));
    setAnnouncement(`Shot ${index + 1} removed.`);
  }

  async function generate(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    try {
      const { model, resolution, size } = outputFields(choice);
      const generation = await api.createStoryboard({
        shots: shots.map((shot) => ({ prompt: shot.prompt.trim(), duration: Number(shot.duration) })),
        ...(model ? { model } : {}),
        ...(resolution ? { resolution } : {}),
        ...(size ? { size } : {}),
      });
      live.upsert(generation);
      setCreatedId(generation.id);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${ids}-title`} className="storyboard">
      <h1 id={`${ids}-title`}>Storyboard</h1>
      <p className="muted">
        Plan a longer video shot by shot. reelgate makes each shot and stitches them into one video.
      </p>
      {!api.canStoryboard && (
        <p className="notice" role="status">
          This server does not offer storyboards yet. You can still plan your shots here.
        </p>
      )}
      <form onSubmit={generate} noValidate>
        <ol className="shots">
          {shots.map((shot, index) => (
            <li key={shot.key} className="shot card">
              <div className="shot-head">
                <h2 className="shot-title">Shot {index + 1}</h2>
                <div className="shot-tools">
                  <button
                    type="button"
                    id={`${ids}-up-${index}`}
                    className="btn btn-ghost btn-small"
                    onClick={() => move(index, -1)}
                    disabled={index === 0}
                    aria-label={`Move shot ${index + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    id={`${ids}-down-${index}`}
                    className="btn btn-ghost btn-small"
                    onClick={() => move(index, 1)}
                    disabled={index === shots.length - 1}
                    aria-label={`Move shot ${index + 1} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger-ghost btn-small"
                    onClick={() => remove(index)}
                    disabled={shots.length === 1}
                    aria-label={`Remove shot ${index + 1}`}
                  >
                    Remove
                  </button>
                </div>
              </div>
              <div className="shot-fields">
                <div className="field grow">
                  <label htmlFor={`${ids}-prompt-${shot.key}`}>Prompt for shot {index + 1}</label>
                  <textarea
                    id={`${ids}-prompt-${shot.key}`}
                    rows={2}
                    value={shot.prompt}
                    onChange={(event) => update(index, { prompt: event.target.value })}
                    placeholder={
                      index === 0
                        ? 'Wide aerial shot of a lighthouse at dawn, golden light'
                        : 'Close-up of waves hitting the rocks, slow motion'
                    }
                  />
                </div>
                <div className="field shot-duration">
                  <label htmlFor={`${ids}-duration-${shot.key}`}>Seconds</label>
                  <input
                    id={`${ids}-duration-${shot.key}`}
                    type="number"
                    min={1}
                    max={60}
                    value={shot.duration}
                    onChange={(event) => update(index, { duration: event.target.value })}
                  />
                </div>
              </div>
            </li>
          ))}
        </ol>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        <div className="row wrap">
          <button type="button" className="btn" onClick={() => setShots([...shots, newShot()])}>
            + Add shot
          </button>
          <span className="muted small">
            {shots.length} {shots.length === 1 ? 'shot' : 'shots'}, {total} s in total
          </span>
        </div>
        <div className="options">
          <div className="field">
            <label htmlFor={`${ids}-model`}>Model</label>
            <ModelSelect
              id={`${ids}-model`}
              value={choice.model}
              models={models}
              onChange={(model) => setChoice({ ...choice, model })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-output`}>Resolution or size</label>
            <OutputSelect
              id={`${ids}-output`}
              value={choice.output}
              onChange={(output) => setChoice({ ...choice, output })}
            />
          </div>
        </div>
        {error && (
          <ErrorNotice
            error={
              error instanceof ApiError
                ? { code: error.code, type: error.type, message: error.message, hint: error.hint }
                : { code: 'internal', message: error.message }
            }
          />
        )}
        <button type="submit" className="btn btn-primary" disabled={!valid || busy || !api.canStoryboard}>
          {busy ? 'Submitting…' : 'Generate storyboard'}
        </button>
      </form>
      {created && (
        <div className="storyboard-result">
          <h2>Your storyboard video</h2>
          <GenerationCard generation={created} />
        </div>
      )}
    </section>
  );
}
