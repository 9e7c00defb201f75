/**
 * Fallback routing: a request names an ordered list of models (or an alias for one); when the
 * start on one model fails in a way that proves no billable job exists, the generation moves to
 * the next. What may fall back, the list a request resolves to, and the record of attempts
 * are decided here. Pure.
 *
 * Falls back only when the failed start made no job: `classifyStartFailure` said
 * `not_created` (a refusal before anything ran, a 429, a connection that never reached the
 * provider) and the error is one another provider can cure (outage, rate limit or capacity,
 * an unusable credential or a request this provider refused). A content refusal falls back only
 * when the request asks for it; an ambiguous start (timeout, reset, 5xx) never does: a job may
 * exist, and moving on could pay twice.
 */
import type { CatalogEntry } from './catalog/catalog-entry.ts';
import { type ErrorCode, invalidRequest } from './errors.ts';
import type { RequestedExtras } from './request-options.ts';
import type { StartOutcome } from './start-outcome.ts';

/** One model tried for a generation. */
export interface FallbackAttempt {
  /** Routing id `provider:model`. */
  model: string;
  provider: string;
  /** Why it was left: the error of its failed start, or the reason it was skipped. */
  error: { code: string; message: string };
  /** What that attempt cost (0: no job was made). */
  costUsd: number;
  atMs: number;
  /** `failed`: its start failed; `skipped`: never tried (circuit open, request does not fit). */
  outcome: 'failed' | 'skipped';
}

/** The fallback state a generation keeps (in its row's inputs, `fallback`). */
export interface FallbackRoute {
  /** Every model of the chain, in order (routing ids). */
  models: string[];
  /** Index in `models` of the model the generation is on. */
  index: number;
  /** Fall back after a content refusal too (off by default: another model rarely differs). */
  onRefusal: boolean;
  /** The request as asked, re-mapped to each model in turn. */
  requested: {
    resolution: string | null;
    size: string | null;
    durationSeconds: number | null;
    options: RequestedExtras;
  };
  attempts: FallbackAttempt[];
}

/** Codes another provider may cure when no job was made. */
const curableCodes: ReadonlySet<ErrorCode | string> = new Set([
  'provider_outage',
  'provider_rate_limited',
  'timed_out',
  'invalid_request',
  'unauthorized',
  'forbidden',
  'internal',
]);
const refusalCodes: ReadonlySet<string> = new Set(['input_refused', 'output_refused']);

export type FallbackDecision = { fallBack: true } | { fallBack: false; reason: string };

export function decideFallback(input: {
  code: string;
  outcome: StartOutcome;
  onRefusal: boolean;
  hasNext: boolean;
}): FallbackDecision {
  if (!input.hasNext) return { fallBack: false, reason: 'no model left in the fallback list' };
  if (input.outcome !== 'not_created') {
    return { fallBack: false, reason: 'the start is ambiguous: a job may exist at the provider' };
  }
  if (refusalCodes.has(input.code)) {
    return input.onRefusal
      ? { fallBack: true }
      : { fallBack: false, reason: 'content refusals do not fall back unless fallback_on_refusal is set' };
  }
  if (curableCodes.has(input.code)) return { fallBack: true };
  return { fallBack: false, reason: `errors of kind ${input.code} do not fall back` };
}

/** Errors that count against a provider's circuit (the provider, not the request, failed). */
export function isOutageCode(code: string): boolean {
  return code === 'provider_outage' || code === 'provider_rate_limited' || code === 'timed_out';
}

/** Named lists of models: `fast=fal:a,google:b;cheap=xai:c` (aliases) and the server default. */
export interface ModelChains {
  aliases: Readonly<Record<string, readonly string[]>>;
  /** Used when neither the request nor the account names a model. */
  serverDefault: readonly string[];
}

export const noModelChains: ModelChains = { aliases: {}, serverDefault: [] };

/** Parses `name=model,model;name2=model` (whitespace ignored; empty parts skipped). */
export function parseModelAliases(text: string | undefined): Record<string, string[]> {
  const aliases: Record<string, string[]> = {};
  for (const part of (text ?? '').split(';')) {
    const [name, list] = part.split('=', 2).map((item) => item.trim());
    if (!name || !list) continue;
    aliases[name.toLowerCase()] = parseModelList(list);
  }
  return aliases;
}

export function parseModelList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The ordered list of model names a request resolves to: its own `model` (a name, a list, or
 * an alias for a list), else the account's default list, else the server's. An empty result
 * means "the catalog's default model".
 */
export function resolveModelNames(
  requested: string | readonly string[] | null | undefined,
  accountDefault: readonly string[] | null | undefined,
  chains: ModelChains,
): string[] {
  const given =
    requested === null || requested === undefined
      ? []
      : typeof requested === 'string'
        ? [requested]
        : [...requested];
  const base =
    given.length > 0 ? given : accountDefault?.length ? [...accountDefault] : [...chains.serverDefault];
  const expanded = base.flatMap((name) => chains.aliases[name.trim().toLowerCase()] ?? [name]);
  return [...new Set(expanded.map((name) => name.trim()).filter((name) => name !== ''))];
}

/** Reads a row's fallback route (undefined when it has none or it is malformed). */
export function readFallbackRoute(inputs: Readonly<Record<string, unknown>>): FallbackRoute | undefined {
  const value = inputs.fallback as FallbackRoute | undefined;
  if (!value || !Array.isArray(value.models) || typeof value.index !== 'number') return undefined;
  return { ...value, attempts: Array.isArray(value.attempts) ? value.attempts : [] };
}

/**
 * The request's options as one model of a list takes them: each model has its own provider
 * options, so keys another model of the list takes are left out for this one.
 */
export function optionsForModel(entry: CatalogEntry, requested: RequestedExtras): RequestedExtras {
  const { providerOptions, ...rest } = requested;
  if (!providerOptions) return rest;
  const allowed = new Set(Object.keys(entry.options?.providerOptions ?? {}));
  return {
    ...rest,
    providerOptions: Object.fromEntries(Object.entries(providerOptions).filter(([key]) => allowed.has(key))),
  };
}

/** A provider option no model of the list takes is a typo: 400 naming the keys they take. */
export function checkListProviderOptions(entries: readonly CatalogEntry[], requested: RequestedExtras): void {
  const allowed = new Set(entries.flatMap((entry) => Object.keys(entry.options?.providerOptions ?? {})));
  for (const key of Object.keys(requested.providerOptions ?? {})) {
    if (allowed.has(key)) continue;
    throw invalidRequest(
      `Unknown provider option '${key}' for the models ${entries.map((entry) => entry.modelId).join(', ')}. Allowed: ${[...allowed].join(', ') || 'none'}.`,
      `provider_options.${key}`,
      { allowed: [...allowed] },
    );
  }
}
