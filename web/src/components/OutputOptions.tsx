/** Model, resolution or exact size, and duration: shared by the create form and the storyboard. */
import type { ModelInfo, Resolution } from '../api/types.ts';

export const resolutions: Resolution[] = ['480p', '720p', '1080p'];
export const sizes = ['1280x720', '720x1280', '1920x1080', '1080x1920', '1792x1024', '1024x1792'];

export interface OutputChoice {
  model: string; // '' = server default
  /** A resolution ("720p") or an exact size ("1280x720"). */
  output: string;
}

export function outputFields(choice: OutputChoice): {
  model?: string;
  resolution?: Resolution;
  size?: string;
} {
  return {
    ...(choice.model ? { model: choice.model } : {}),
    ...(resolutions.includes(choice.output as Resolution)
      ? { resolution: choice.output as Resolution }
      : { size: choice.output }),
  };
}

export function ModelSelect({
  id,
  value,
  models,
  onChange,
}: {
  id: string;
  value: string;
  models: ModelInfo[] | undefined;
  onChange: (model: string) => void;
}) {
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">Default model</option>
      {(models ?? []).map((model) => (
        <option key={model.id} value={model.id}>
          {model.name && model.name !== model.id ? `${model.name} (${model.id})` : model.id}
        </option>
      ))}
    </select>
  );
}

export function OutputSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: (output: string) => void;
}) {
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <optgroup label="Resolution">
        {resolutions.map((resolution) => (
          <option key={resolution} value={resolution}>
            {resolution}
          </option>
        ))}
      </optgroup>
      <optgroup label="Exact size (width x height)">
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size} {Number(size.split('x')[0]) < Number(size.split('x')[1]) ? '(portrait)' : '(landscape)'}
          </option>
        ))}
      </optgroup>
    </select>
  );
}
