/**
 * Model, size and duration, shared by the create form, remix and the storyboard: only what the
 * chosen model makes, plus longer stitched durations.
 */
import type { ModelInfo } from '../api/types.ts';
import { durationOptions, fitChoice, modelFor, type OutputChoice, sizeOptions } from '../lib/options.ts';
import { useStudio } from '../studio-context.ts';

export function OutputFields({
  idPrefix,
  choice,
  onChange,
  showDuration = true,
}: {
  idPrefix: string;
  choice: OutputChoice;
  onChange: (choice: OutputChoice) => void;
  showDuration?: boolean;
}) {
  const { models, defaultModel } = useStudio();
  const model = modelFor(models, choice.model, defaultModel);
  const durations = durationOptions(model);
  const chosen = durations.find((option) => option.value === choice.duration);
  return (
    <div className="options">
      <div className="field">
        <label htmlFor={`${idPrefix}-model`}>Model</label>
        <select
          id={`${idPrefix}-model`}
          value={choice.model}
          onChange={(event) =>
            onChange(
              fitChoice(
                { ...choice, model: event.target.value },
                modelFor(models, event.target.value, defaultModel),
              ),
            )
          }
        >
          <option value="">Default{defaultName(models, defaultModel)}</option>
          {(models ?? []).map((item) => (
            <option key={item.id} value={item.id}>
              {item.display_name} ({item.id})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-output`}>Size</label>
        <select
          id={`${idPrefix}-output`}
          value={choice.output}
          onChange={(event) => onChange({ ...choice, output: event.target.value })}
        >
          {sizeOptions(model).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {showDuration && (
        <div className="field">
          <label htmlFor={`${idPrefix}-duration`}>Duration</label>
          <select
            id={`${idPrefix}-duration`}
            value={String(choice.duration)}
            onChange={(event) => onChange({ ...choice, duration: Number(event.target.value) })}
            aria-describedby={`${idPrefix}-duration-help`}
          >
            {durations.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <p id={`${idPrefix}-duration-help`} className="help">
            {chosen && chosen.parts > 1
              ? `Longer than one generation of this model: made of ${chosen.parts} parts stitched together.`
              : model
                ? `${model.display_name} makes up to ${model.max_duration_per_call_seconds} s at once; longer videos are stitched.`
                : 'Longer videos are stitched from several parts.'}
          </p>
        </div>
      )}
    </div>
  );
}

function defaultName(models: ModelInfo[] | undefined, defaultModel: string | null): string {
  const model = models?.find((item) => item.id === defaultModel);
  return model ? ` (${model.display_name})` : '';
}
