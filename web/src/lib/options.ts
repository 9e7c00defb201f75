/**
 * What a model can make, as form choices: only its own sizes and durations (from
 * `GET /v1/models`), plus longer "stitched" durations beyond one generation of the model.
 */
import type { ModelInfo, Resolution } from '../api/types.ts';

/** The longest video the studio offers (longer ones are stitched from parts). */
export const maxStudioSeconds = 60;

export interface OutputChoice {
  /** '' = the server's default model. */
  model: string;
  /** An exact size ("1280x720") or, without a model list, a resolution ("720p"). */
  output: string;
  /** Seconds. */
  duration: number;
}

export interface SizeOption {
  value: string;
  label: string;
}

export interface DurationOption {
  value: number;
  label: string;
  /** How many parts are stitched together (1 = one generation). */
  parts: number;
}

const fallbackSizes: SizeOption[] = [
  { value: '720p', label: '720p' },
  { value: '1080p', label: '1080p' },
];
const fallbackDurations = [4, 8, 12];

export function modelFor(
  models: readonly ModelInfo[] | undefined,
  id: string,
  defaultModel?: string | null,
): ModelInfo | undefined {
  if (!models) return undefined;
  return models.find((model) => model.id === (id || defaultModel)) ?? (id ? undefined : models[0]);
}

export function sizeOptions(model: ModelInfo | undefined): SizeOption[] {
  if (!model) return fallbackSizes;
  return model.sizes.map((size) => ({
    value: size.size,
    label: `${size.size.replace('x', ' × ')} · ${size.resolution} ${size.orientation}`,
  }));
}

/** One generation's durations, then stitched ones (multiples of the longest) up to 60 s. */
export function durationOptions(model: ModelInfo | undefined): DurationOption[] {
  const single = model ? singleDurations(model) : fallbackDurations;
  const longest = model?.max_duration_per_call_seconds ?? Math.max(...single);
  const options: DurationOption[] = single.map((seconds) => ({
    value: seconds,
    label: `${seconds} s`,
    parts: 1,
  }));
  const stitched = new Set<number>();
  for (const seconds of [longest * 2, longest * 3, 30, 45, maxStudioSeconds])
    if (seconds > longest && seconds <= maxStudioSeconds) stitched.add(seconds);
  for (const seconds of [...stitched].sort((a, b) => a - b)) {
    const parts = Math.ceil(seconds / longest);
    options.push({ value: seconds, label: `${seconds} s · long (stitched from ${parts} parts)`, parts });
  }
  return options;
}

function singleDurations(model: ModelInfo): number[] {
  if (model.durations.kind === 'list') return model.durations.seconds;
  const { min_seconds: min, max_seconds: max } = model.durations;
  const step = Math.max(1, model.durations.step_seconds);
  const list: number[] = [];
  for (let seconds = Math.ceil(min); seconds <= max; seconds += step) list.push(seconds);
  return list;
}

/** Keeps a choice inside what the (possibly new) model makes: its default size, nearest duration. */
export function fitChoice(choice: OutputChoice, model: ModelInfo | undefined): OutputChoice {
  const sizes = sizeOptions(model);
  const output = sizes.some((size) => size.value === choice.output)
    ? choice.output
    : defaultOutput(model, sizes);
  const durations = durationOptions(model).map((option) => option.value);
  const duration = durations.includes(choice.duration)
    ? choice.duration
    : durations.reduce(
        (best, seconds) =>
          Math.abs(seconds - choice.duration) < Math.abs(best - choice.duration) ? seconds : best,
        durations[0] ?? 4,
      );
  return { ...choice, output, duration };
}

/**
 * The model's default size, landscape where the model also makes it that way: one default
 * orientation across the studio, the seed contract and `reelgate estimate`.
 */
function defaultOutput(model: ModelInfo | undefined, sizes: readonly SizeOption[]): string {
  const preferred = model?.default_size;
  if (!preferred) return sizes[0]?.value ?? '720p';
  const [width, height] = preferred.split('x').map(Number);
  const landscape = `${height}x${width}`;
  if (width && height && height > width && sizes.some((size) => size.value === landscape)) return landscape;
  return preferred;
}

const resolutions: readonly string[] = ['480p', '720p', '1080p'];

/** The request fields for a choice. */
export function outputFields(choice: OutputChoice): {
  model?: string;
  resolution?: Resolution;
  size?: string;
  duration: number;
} {
  return {
    ...(choice.model ? { model: choice.model } : {}),
    ...(!choice.output
      ? {}
      : resolutions.includes(choice.output)
        ? { resolution: choice.output as Resolution }
        : { size: choice.output }),
    duration: choice.duration,
  };
}
