/**
 * Parsers for environment values: each turns the raw string (or its absence) into a typed value
 * and reports a malformed one with a message naming what was expected. Used by the variable
 * table (./variables.ts); the variable's name is added to the message by `loadConfig`.
 */
import { z } from 'zod';

const raw = z.string().optional();

function fail(ctx: z.core.$RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

const trimmed = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text ? text : undefined;
};

/** Free text; empty means unset. */
export const text = () => raw.transform(trimmed);

/** Free text with a default. */
export const textOr = (fallback: string) => raw.transform((value) => trimmed(value) ?? fallback);

/** A finite number; empty means the default (undefined when there is none). */
export function number(): z.ZodType<number | undefined, string | undefined>;
export function number(fallback: number): z.ZodType<number, string | undefined>;
export function number(fallback?: number): z.ZodType<number | undefined, string | undefined> {
  return raw.transform((value, ctx): number | undefined => {
    const text = trimmed(value);
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (!Number.isFinite(parsed)) return fail(ctx, `must be a number, got '${value}'`);
    return parsed;
  });
}

/** true/false (also 1/0, yes/no, on/off); empty means the default. */
export const flag = (fallback: boolean) =>
  raw.transform((value, ctx) => {
    const text = trimmed(value)?.toLowerCase();
    if (text === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
    return fail(ctx, `expected true or false, got '${value}'`);
  });

/** Comma-separated values, trimmed, empties dropped. */
export const list = () =>
  raw.transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** One of a fixed set of words. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  raw.transform((value, ctx): T[number] => {
    const text = trimmed(value);
    if (text === undefined) return fallback;
    if ((values as readonly string[]).includes(text)) return text as T[number];
    return fail(ctx, `must be ${values.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got '${value}'`);
  });

/** An http(s) URL without trailing slashes; empty means unset. */
export const url = () =>
  raw.transform((value, ctx) => {
    const text = trimmed(value);
    if (text === undefined) return undefined;
    try {
      const parsed = new URL(text);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
    } catch {
      return fail(ctx, `expected an http(s) URL, got '${value}'`);
    }
    return text.replace(/\/+$/, '');
  });
