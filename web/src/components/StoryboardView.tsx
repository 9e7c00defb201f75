/**
 * The storyboard: shot cards (prompt, a duration the model makes, hints, frames once made),
 * reordered by drag and drop or the keyboard (focus stays on the moved shot), a total-duration
 * bar, the cost and policy check before Generate, the request as code. The draft is kept in this
 * browser across navigation and reloads.
 */
import {
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useMemo,
  useState,
} from 'react';
import type { EstimateParams } from '../../../src/client/index.ts';
import { describeError } from '../api/errors.ts';
import { useGeneration } from '../api/live.ts';
import { clip } from '../lib/format.ts';
import { shownEstimate, useEstimate } from '../lib/hooks.ts';
import {
  durationOptions,
  fitChoice,
  maxStudioSeconds,
  modelFor,
  type OutputChoice,
  outputFields,
} from '../lib/options.ts';
import { highlight, policyView } from '../lib/policy.ts';
import { lintPrompt } from '../lib/prompt.ts';
import { moveItem } from '../lib/reorder.ts';
import { segmentsOf } from '../lib/segments.ts';
import { loadDraft, saveDraft } from '../lib/session.ts';
import { useStudio } from '../studio-context.ts';
import { ApiPanel } from './ApiPanel.tsx';
import { AssetPicker } from './AssetPicker.tsx';
import { EstimatePanel } from './EstimatePanel.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { GenerationCard } from './GenerationCard.tsx';
import { OutputFields } from './OutputOptions.tsx';

interface Shot {
  key: number;
  prompt: string;
  duration: number;
  /** Asset ids sent with this shot (the same character from shot to shot). */
  assets?: string[] | undefined;
}

interface StoryboardDraft {
  shots: Shot[];
  choice: OutputChoice;
  createdId?: string | undefined;
}

const emptyShot = (key: number, duration = 4): Shot => ({ key, prompt: '', duration });
const freshDraft = (): StoryboardDraft => ({
  shots: [emptyShot(1), emptyShot(2)],
  choice: { model: '', output: '', duration: 4 },
});

export function StoryboardView() {
  const { api, live, models, defaultModel } = useStudio();
  const ids = useId();
  const [draft, setDraft] = useState<StoryboardDraft>(
    () => loadDraft<StoryboardDraft>('storyboard') ?? freshDraft(),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | undefined>(undefined);
  const created = useGeneration(live, draft.createdId);
  const model = modelFor(models, draft.choice.model, defaultModel);
  const choice = models ? fitChoice(draft.choice, model) : draft.choice;
  const allowed = durationOptions(model).filter((option) => option.parts === 1);
  const snap = (seconds: number) =>
    allowed.some((option) => option.value === seconds)
      ? seconds
      : (allowed.reduce<number | undefined>(
          (best, option) =>
            best === undefined || Math.abs(option.value - seconds) < Math.abs(best - seconds)
              ? option.value
              : best,
          undefined,
        ) ?? seconds);
  const shots = draft.shots.map((shot) => ({ ...shot, duration: snap(shot.duration) }));

  useEffect(() => saveDraft('storyboard', draft), [draft]);

  // Keep the finished storyboard in view after a reload.
  useEffect(() => {
    if (draft.createdId && !created)
      api.client.get(draft.createdId).then(
        (generation) => live.upsert(generation),
        () => setDraft((current) => ({ ...current, createdId: undefined })),
      );
  }, [api, live, draft.createdId, created]);

  const update = (next: Partial<StoryboardDraft>) => setDraft((current) => ({ ...current, ...next }));
  const setShots = (next: Shot[]) => update({ shots: next });
  const valid = shots.length > 0 && shots.every((shot) => shot.prompt.trim());
  const total = shots.reduce((sum, shot) => sum + shot.duration, 0);
  const { model: modelField, resolution, size } = outputFields(choice);
  const params: EstimateParams | undefined = useMemo(
    () =>
      valid
        ? {
            shots: shots.map((shot) => ({
              prompt: shot.prompt.trim(),
              duration: shot.duration,
              ...(shot.assets?.length ? { assets: shot.assets } : {}),
            })),
            ...(modelField ? { model: modelField } : {}),
            ...(resolution ? { resolution } : {}),
            ...(size ? { size } : {}),
          }
        : undefined,
    [valid, shots, modelField, resolution, size],
  );
  const estimateState = useEstimate(api, params);
  const estimate = shownEstimate(estimateState);
  const current = estimateState.state === 'ready' && estimateState.key === JSON.stringify(params);
  const combined = shots.map((shot) => shot.prompt.trim()).join('\n\n');
  const policy = current ? policyView(estimate?.policy, combined) : undefined;

  function move(index: number, to: number, focus: 'up' | 'down' | 'handle') {
    if (to < 0 || to >= shots.length) return;
    setShots(moveItem(draft.shots, index, to));
    setAnnouncement(`Shot ${index + 1} moved to position ${to + 1}.`);
    const key = draft.shots[index]!.key;
    // Keep keyboard focus on the same control of the moved shot (or its handle at the ends).
    requestAnimationFrame(() => {
      const wanted = document.getElementById(`${ids}-${focus}-${key}`) as HTMLButtonElement | null;
      const target = wanted && !wanted.disabled ? wanted : document.getElementById(`${ids}-handle-${key}`);
      target?.focus();
    });
  }

  function onHandleKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      move(index, index + (event.key === 'ArrowUp' ? -1 : 1), 'handle');
    }
  }

  function onDrop(event: DragEvent<HTMLLIElement>, index: number) {
    event.preventDefault();
    const from = dragging ?? Number(event.dataTransfer.getData('text/plain'));
    setDragging(undefined);
    if (Number.isInteger(from) && from !== index) {
      setShots(moveItem(draft.shots, from, index));
      setAnnouncement(`Shot ${from + 1} moved to position ${index + 1}.`);
    }
  }

  function remove(index: number) {
    setShots(draft.shots.filter((_, i) => i !== index));
    setAnnouncement(`Shot ${index + 1} removed.`);
  }

  function addShot() {
    const key = Math.max(0, ...draft.shots.map((shot) => shot.key)) + 1;
    setShots([...draft.shots, emptyShot(key, allowed[0]?.value ?? 4)]);
    requestAnimationFrame(() => document.getElementById(`${ids}-prompt-${key}`)?.focus());
  }

  async function generate(event: FormEvent) {
    event.preventDefault();
    if (!params?.shots || policy) return;
    setBusy(true);
    setError(undefined);
    try {
      const generation = await api.client.createStoryboard({
        shots: params.shots,
        ...(params.model ? { model: params.model } : {}),
        ...(params.resolution ? { resolution: params.resolution } : {}),
        ...(params.size ? { size: params.size } : {}),
      });
      live.upsert(generation);
      update({ createdId: generation.id });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const frames = created?.status === 'completed' ? created.video?.url : undefined;
  const madeShots = created ? segmentsOf(created) : [];

  return (
    <section aria-labelledby={`${ids}-title`} className="storyboard">
      <h1 id={`${ids}-title`}>Storyboard</h1>
      <p className="muted">
        Plan a longer video shot by shot. reelgate makes each shot and stitches them into one video. Your
        draft is kept in this browser.
      </p>
      {!api.canStoryboard && (
        <p className="notice" role="status">
          This server does not offer storyboards yet. You can still plan your shots here.
        </p>
      )}
      <form onSubmit={generate} noValidate>
        <DurationBar shots={shots} total={total} />
        <ol className="shots">
          {shots.map((shot, index) => {
            const hints = shot.prompt.trim() ? lintPrompt(shot.prompt) : [];
            const made = madeShots.find((segment) => segment.shotIndex === index);
            return (
              <li
                key={shot.key}
                className={`shot card${dragging === index ? ' dragging' : ''}`}
                data-shot={index + 1}
                draggable
                onDragStart={(event) => {
                  setDragging(index);
                  event.dataTransfer.setData('text/plain', String(index));
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragEnd={() => setDragging(undefined)}
                onDragOver={(event) => event.preventDefault()}
                onDrop={(event) => onDrop(event, index)}
              >
                <div className="shot-head">
                  <button
                    type="button"
                    id={`${ids}-handle-${shot.key}`}
                    className="btn btn-ghost btn-small drag-handle"
                    aria-label={`Shot ${index + 1}: drag, or press arrow up or down to move`}
                    aria-describedby={`${ids}-reorder-help`}
                    onKeyDown={(event) => onHandleKey(event, index)}
                  >
                    <span aria-hidden="true">⠿</span>
                  </button>
                  <h2 className="shot-title">Shot {index + 1}</h2>
                  <span className="muted small">{shot.duration} s</span>
                  <div className="shot-tools">
                    <button
                      type="button"
                      id={`${ids}-up-${shot.key}`}
                      className="btn btn-ghost btn-small"
                      onClick={() => move(index, index - 1, 'up')}
                      disabled={index === 0}
                      aria-label={`Move shot ${index + 1} up`}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      id={`${ids}-down-${shot.key}`}
                      className="btn btn-ghost btn-small"
                      onClick={() => move(index, index + 1, 'down')}
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
                  <div className="shot-thumb" aria-hidden="true">
                    {frames && made ? (
                      <video
                        src={`${frames}#t=${made.startSeconds + Math.min(0.5, made.duration / 2)}`}
                        preload="metadata"
                        muted
                      />
                    ) : (
                      <span>{index + 1}</span>
                    )}
                  </div>
                  <div className="field grow">
                    <label htmlFor={`${ids}-prompt-${shot.key}`}>Prompt for shot {index + 1}</label>
                    <textarea
                      id={`${ids}-prompt-${shot.key}`}
                      rows={2}
                      value={shot.prompt}
                      onChange={(event) =>
                        setShots(
                          draft.shots.map((s, i) => (i === index ? { ...s, prompt: event.target.value } : s)),
                        )
                      }
                      aria-describedby={`${ids}-hints-${shot.key}`}
                      placeholder={
                        index === 0
                          ? 'Wide aerial shot of a lighthouse at dawn, golden light'
                          : 'Close-up of waves hitting the rocks, slow motion'
                      }
                    />
                    <p id={`${ids}-hints-${shot.key}`} className="help shot-hints">
                      {policy && highlight(shot.prompt, policyTermsOf(policy)).some((piece) => piece.marked)
                        ? 'Would be refused: see the marked words below.'
                        : hints.length > 0
                          ? `Tip: ${hints[0]!.message}`
                          : shot.prompt.trim()
                            ? 'Looks good.'
                            : ''}
                    </p>
                  </div>
                  <div className="field shot-duration">
                    <label htmlFor={`${ids}-duration-${shot.key}`}>Seconds</label>
                    <select
                      id={`${ids}-duration-${shot.key}`}
                      value={String(shot.duration)}
                      onChange={(event) =>
                        setShots(
                          draft.shots.map((s, i) =>
                            i === index ? { ...s, duration: Number(event.target.value) } : s,
                          ),
                        )
                      }
                    >
                      {allowed.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.value} s
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <AssetPicker
                  legend={`Assets in shot ${index + 1}`}
                  selected={shot.assets ?? []}
                  onChange={(assets) =>
                    setShots(draft.shots.map((s, i) => (i === index ? { ...s, assets } : s)))
                  }
                />
              </li>
            );
          })}
        </ol>
        <p id={`${ids}-reorder-help`} className="visually-hidden">
          Use the arrow keys on a shot's handle to move it.
        </p>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        <div className="row wrap">
          <button type="button" className="btn" onClick={addShot}>
            + Add shot
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setDraft(freshDraft())}>
            Start over
          </button>
        </div>
        <OutputFields
          idPrefix={ids}
          choice={choice}
          onChange={(next) => update({ choice: next })}
          showDuration={false}
        />
        <EstimatePanel state={estimateState} prompt={combined} />
        {error !== undefined && !(policy && describeError(error).code === 'input_refused') && (
          <ErrorNotice error={describeError(error)} />
        )}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!valid || busy || !api.canStoryboard || !!policy || total > maxStudioSeconds}
        >
          {busy ? 'Submitting…' : 'Generate storyboard'}
        </button>
        {total > maxStudioSeconds && (
          <p className="field-error">Keep the storyboard to {maxStudioSeconds} s or less.</p>
        )}
      </form>
      {created && (
        <div className="storyboard-result">
          <h2>Your storyboard video</h2>
          <GenerationCard generation={created} />
        </div>
      )}
      <ApiPanel
        request={
          params?.shots
            ? {
                kind: 'storyboard',
                shots: params.shots,
                ...(params.model ? { model: params.model } : {}),
                ...(params.size ? { size: params.size } : {}),
              }
            : undefined
        }
        baseUrl={api.baseUrl}
        generation={created}
        seen={created ? live.seen(created.id) : undefined}
      />
    </section>
  );
}

function policyTermsOf(policy: { terms: string[] }): string[] {
  return policy.terms;
}

/** The whole storyboard as a bar: one block per shot, as wide as its share of the time. */
function DurationBar({ shots, total }: { shots: Shot[]; total: number }) {
  return (
    <div className="duration-bar-wrap">
      <p className="duration-total">
        <strong>{total} s</strong> in total · {shots.length} {shots.length === 1 ? 'shot' : 'shots'}
        <span className="muted"> (up to {maxStudioSeconds} s)</span>
      </p>
      <div
        className="duration-bar"
        role="img"
        aria-label={`Timeline: ${shots.map((shot, i) => `shot ${i + 1} ${shot.duration} s`).join(', ')}`}
      >
        {shots.map((shot, index) => (
          <span
            key={shot.key}
            className={`duration-block block-${index % 4}`}
            style={{ flexGrow: shot.duration, flexBasis: 0 }}
            title={clip(shot.prompt || `Shot ${index + 1}`, 60)}
          >
            {index + 1}
          </span>
        ))}
      </div>
    </div>
  );
}
