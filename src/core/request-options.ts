/**
 * The request options beyond prompt, size and duration (`seed`, `generate_audio`, `fps`,
 * `negative_prompt`, `provider_options`) checked against what a model honours (its catalog
 * entry's option table). Options the model ignores are dropped with a warning, before anything
 * is paid; options it may ignore (unconfirmed) are kept with a warning; unknown provider options
 * are refused naming the allowed keys. The result is what the row stores and the start step
 * sends. Pure.
 *
 * @example
 * resolveRequestOptions(klingEntry, { seed: 7, negativePrompt: 'blur' }).warnings;
 * // ['seed is ignored by fal-ai/kling-video/...: the model takes no seed.']
 */
import {
  type CatalogEntry,
  type OptionSupport,
  optionSupportOf,
  type ProviderOptionSpec,
} from './catalog/catalog-entry.ts';
import { invalidRequest } from './errors.ts';

/** What the caller asked for (every field optional; `null` means not given). */
export interface RequestedExtras {
  /** Used to pick the size (src/core/request-mapping.ts), not stored separately. */
  aspectRatio?: string | null | undefined;
  seed?: number | null | undefined;
  generateAudio?: boolean | null | undefined;
  fps?: number | null | undefined;
  negativePrompt?: string | null | undefined;
  providerOptions?: Readonly<Record<string, unknown>> | null | undefined;
}

type ProviderOptionValue = string | number | boolean;

/** The options a generation keeps on its row and sends with every start. */
export interface StoredRequestOptions {
  seed?: number;
  generateAudio?: boolean;
  fps?: number;
  negativePrompt?: string;
  /** Validated `provider_options`, spelled as the provider's API spells them. */
  providerOptions?: Record<string, ProviderOptionValue>;
}

export interface ResolvedRequestOptions {
  options: StoredRequestOptions;
  warnings: string[];
}

/** Largest seed accepted (providers take unsigned 32-bit seeds). */
export const maxSeed = 4_294_967_295;
export const maxNegativePromptChars = 2_000;

export interface ResolveOptions {
  /** Draws a seed when the model honours one and none was asked, so a retry is reproducible. */
  drawSeed?: (() => number) | undefined;
  /** The parent's stored options (a remix keeps the parent's seed unless it names another). */
  inherited?: StoredRequestOptions | undefined;
}

export function resolveRequestOptions(
  entry: CatalogEntry,
  requested: RequestedExtras,
  resolve: ResolveOptions = {},
): ResolvedRequestOptions {
  const support = optionSupportOf(entry);
  const warnings: string[] = [];
  const options: StoredRequestOptions = {};
  const model = entry.modelId;

  const seed = given(requested.seed) ?? resolve.inherited?.seed;
  if (seed !== undefined) {
    if (!Number.isInteger(seed) || seed < 0 || seed > maxSeed) {
      throw invalidRequest(`seed must be an integer from 0 to ${maxSeed}.`, 'seed');
    }
    if (keep('seed', support.seed, model, 'the model takes no seed', warnings)) options.seed = seed;
  } else if (support.seed === 'honoured' && resolve.drawSeed) {
    options.seed = resolve.drawSeed();
  }

  const audio = given(requested.generateAudio);
  if (audio !== undefined) {
    const reason = entry.audio ? 'the model always generates audio' : 'the model makes silent videos';
    if (support.generateAudio === 'ignored') {
      // Asking for what the model does anyway needs no warning.
      if (audio !== entry.audio) warnings.push(`generate_audio is ignored by ${model}: ${reason}.`);
    } else if (keep('generate_audio', support.generateAudio, model, reason, warnings)) {
      options.generateAudio = audio;
    }
  }

  const fps = given(requested.fps);
  if (fps !== undefined) {
    if (!Number.isInteger(fps) || fps <= 0 || fps > 120) {
      throw invalidRequest('fps must be a whole number of frames per second from 1 to 120.', 'fps');
    }
    const offered = support.fpsValues;
    if (support.fps !== 'ignored' && offered && !offered.includes(fps)) {
      throw invalidRequest(`fps ${fps} is not offered by ${model}. Offered: ${offered.join(', ')}.`, 'fps', {
        supported: offered,
      });
    }
    if (keep('fps', support.fps, model, 'the model has a fixed frame rate', warnings)) options.fps = fps;
  }

  const negative = given(requested.negativePrompt)?.trim();
  if (negative !== undefined && negative !== '') {
    if (negative.length > maxNegativePromptChars) {
      throw invalidRequest(
        `negative_prompt is longer than ${maxNegativePromptChars} characters.`,
        'negative_prompt',
      );
    }
    if (
      keep('negative_prompt', support.negativePrompt, model, 'the model takes no negative prompt', warnings)
    )
      options.negativePrompt = negative;
  }

  const extra = given(requested.providerOptions);
  if (extra !== undefined) {
    const checked = checkProviderOptions(entry, extra, support.providerOptions);
    if (Object.keys(checked).length > 0) options.providerOptions = checked;
  }
  return { options, warnings };
}

function given<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** Whether to keep an option, warning when the model ignores it or may ignore it. */
function keep(
  name: string,
  support: OptionSupport,
  model: string,
  reason: string,
  warnings: string[],
): boolean {
  if (support === 'ignored') {
    warnings.push(`${name} is ignored by ${model}: ${reason}.`);
    return false;
  }
  if (support === 'unconfirmed') {
    warnings.push(`${name} is sent to ${model}, but whether the provider honours it is unconfirmed.`);
  }
  return true;
}

function checkProviderOptions(
  entry: CatalogEntry,
  given: Readonly<Record<string, unknown>>,
  schema: Readonly<Record<string, ProviderOptionSpec>>,
): Record<string, ProviderOptionValue> {
  const allowed = Object.keys(schema);
  const checked: Record<string, ProviderOptionValue> = {};
  for (const [key, value] of Object.entries(given)) {
    const spec = schema[key];
    const param = `provider_options.${key}`;
    if (!spec) {
      throw invalidRequest(
        allowed.length === 0
          ? `${entry.modelId} takes no provider_options (got '${key}').`
          : `Unknown provider option '${key}' for ${entry.modelId}. Allowed: ${allowed.join(', ')}.`,
        param,
        { allowed },
      );
    }
    if (value === null || value === undefined) continue;
    checked[key] = checkValue(entry, key, value, spec, param);
  }
  return checked;
}

function checkValue(
  entry: CatalogEntry,
  key: string,
  value: unknown,
  spec: ProviderOptionSpec,
  param: string,
): ProviderOptionValue {
  const fail = (expected: string) =>
    invalidRequest(`provider_options.${key} for ${entry.modelId} must be ${expected}.`, param, {
      expected,
    });
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('true or false');
      return value;
    case 'string':
      if (typeof value !== 'string' || value.length > 2_000) throw fail('a string (at most 2000 characters)');
      if (spec.values && !spec.values.includes(value)) throw fail(`one of ${spec.values.join(', ')}`);
      return value;
    default: {
      const integer = spec.type === 'integer';
      const range = `${spec.min ?? '-∞'} to ${spec.max ?? '∞'}`;
      const expected = `${integer ? 'an integer' : 'a number'} from ${range}`;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(expected);
      if (integer && !Number.isInteger(value)) throw fail(expected);
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
        throw fail(expected);
      return value;
    }
  }
}

/** Reads the options a row stored (tolerates rows written before options existed). */
export function readStoredOptions(inputs: { readonly options?: unknown }): StoredRequestOptions {
  const raw = inputs.options;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const value = raw as Record<string, unknown>;
  const options: StoredRequestOptions = {};
  if (typeof value.seed === 'number') options.seed = value.seed;
  if (typeof value.generateAudio === 'boolean') options.generateAudio = value.generateAudio;
  if (typeof value.fps === 'number') options.fps = value.fps;
  if (typeof value.negativePrompt === 'string') options.negativePrompt = value.negativePrompt;
  if (value.providerOptions && typeof value.providerOptions === 'object')
    options.providerOptions = value.providerOptions as Record<string, ProviderOptionValue>;
  return options;
}
