/**
 * Advanced request options: negative prompt, seed, audio, frame rate. Every model is offered
 * them; what the chosen model ignores comes back from the estimate as a warning before paying.
 */
import type { ModelInfo, OptionSupport, RequestOptionParams } from '../../../src/client/index.ts';

export interface AdvancedChoice {
  negativePrompt: string;
  /** Digits, or '' for the model's own choice. */
  seed: string;
  audio: '' | 'on' | 'off';
  fps: string;
}

export const noAdvanced: AdvancedChoice = { negativePrompt: '', seed: '', audio: '', fps: '' };

export function advancedFields(choice: AdvancedChoice): RequestOptionParams {
  const seed = Number.parseInt(choice.seed, 10);
  return {
    ...(choice.negativePrompt.trim() ? { negativePrompt: choice.negativePrompt.trim() } : {}),
    ...(/^\d+$/.test(choice.seed) && Number.isSafeInteger(seed) ? { seed } : {}),
    ...(choice.audio ? { generateAudio: choice.audio === 'on' } : {}),
    ...(choice.fps ? { fps: Number(choice.fps) } : {}),
  };
}

/** "Sora 2 ignores this." for options the chosen model does not take. */
function note(model: ModelInfo | undefined, support: OptionSupport | undefined): string | undefined {
  if (!model || !support || support === 'honoured') return undefined;
  return support === 'ignored'
    ? `${model.display_name} ignores this.`
    : `Not confirmed for ${model.display_name}.`;
}

export function AdvancedOptions({
  idPrefix,
  value,
  model,
  onChange,
}: {
  idPrefix: string;
  value: AdvancedChoice;
  model: ModelInfo | undefined;
  onChange: (value: AdvancedChoice) => void;
}) {
  const used = Object.keys(advancedFields(value)).length;
  const support = model?.options;
  const fpsValues = support?.fps_values?.length ? support.fps_values : [24, 25, 30];
  const notes = {
    negative: note(model, support?.negative_prompt),
    seed: note(model, support?.seed),
    audio: note(model, support?.generate_audio),
    fps: note(model, support?.fps),
  };
  const seedInvalid = value.seed !== '' && !/^\d{1,10}$/.test(value.seed);
  return (
    <details className="advanced" open={used > 0 || undefined}>
      <summary>Advanced options{used > 0 ? ` (${used} set)` : ''}</summary>
      <p className="help">Sent to the model when it takes them; the estimate says which ones it ignores.</p>
      <div className="advanced-grid">
        <div className="field span-2">
          <label htmlFor={`${idPrefix}-negative`}>Negative prompt</label>
          <input
            id={`${idPrefix}-negative`}
            value={value.negativePrompt}
            onChange={(event) => onChange({ ...value, negativePrompt: event.target.value })}
            placeholder="blur, text, watermark"
            aria-describedby={notes.negative ? `${idPrefix}-negative-note` : undefined}
          />
          {notes.negative && (
            <p id={`${idPrefix}-negative-note`} className="help">
              {notes.negative}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-seed`}>Seed</label>
          <input
            id={`${idPrefix}-seed`}
            inputMode="numeric"
            value={value.seed}
            onChange={(event) => onChange({ ...value, seed: event.target.value.trim() })}
            placeholder="random"
            aria-invalid={seedInvalid || undefined}
            aria-describedby={`${idPrefix}-seed-help`}
          />
          <p id={`${idPrefix}-seed-help`} className={seedInvalid ? 'field-error' : 'help'}>
            {seedInvalid
              ? 'A whole number, up to 10 digits.'
              : 'The same seed repeats a result where the model allows.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-audio`}>Audio</label>
          <select
            id={`${idPrefix}-audio`}
            value={value.audio}
            onChange={(event) => onChange({ ...value, audio: event.target.value as AdvancedChoice['audio'] })}
            aria-describedby={notes.audio ? `${idPrefix}-audio-note` : undefined}
          >
            <option value="">Model default</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
          {notes.audio && (
            <p id={`${idPrefix}-audio-note`} className="help">
              {notes.audio}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-fps`}>Frame rate</label>
          <select
            id={`${idPrefix}-fps`}
            value={value.fps}
            onChange={(event) => onChange({ ...value, fps: event.target.value })}
            aria-describedby={notes.fps ? `${idPrefix}-fps-note` : undefined}
          >
            <option value="">Model default</option>
            {fpsValues.map((fps) => (
              <option key={fps} value={String(fps)}>
                {fps} fps
              </option>
            ))}
          </select>
          {notes.fps && (
            <p id={`${idPrefix}-fps-note`} className="help">
              {notes.fps}
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
