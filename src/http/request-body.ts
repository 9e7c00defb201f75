/**
 * Reads a request body as JSON or multipart form into a plain object for validation. Multipart
 * keys in bracket notation (`input_reference[image_url]`, as the OpenAI SDK sends nested objects)
 * become nested objects; repeated keys become arrays (which validation then refuses).
 */
import type { Context } from 'hono';
import { invalidRequest, ReelgateError } from '../core/errors.ts';
import type { AppEnv } from './env.ts';
import { findNul } from './middleware/input-sanity.ts';

export type BodyKind = 'json' | 'multipart';

export interface ParsedBody {
  kind: BodyKind;
  value: unknown;
}

/** Keys that would reach an object's prototype (`__proto__[admin]=1` polluted every object). */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

function assign(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.some((key) => prototypeKeys.has(key))) {
    throw invalidRequest(`Unrecognized request argument supplied: ${path.join('.')}`, path.join('.'));
  }
  let node = target;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      const existing = Object.hasOwn(node, key) ? node[key] : undefined;
      node[key] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      return;
    }
    const child = Object.hasOwn(node, key) ? node[key] : undefined;
    if (child === undefined || child === null || typeof child !== 'object' || child instanceof File) {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    } else {
      node = child as Record<string, unknown>;
    }
  }
}

/** `a[b][c]` -> ['a', 'b', 'c']; a plain key stays one segment. */
export function splitFormKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
  if (!match) return [key];
  const nested = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  return [match[1] ?? key, ...nested];
}

export function formDataToObject(form: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) assign(result, splitFormKey(key), value);
  return result;
}

function rethrowBodyError(c: Context<AppEnv>, error: unknown, what: string): never {
  const limitError = c.get('bodyLimitError');
  if (limitError) throw limitError;
  if (error instanceof ReelgateError) throw error;
  throw invalidRequest(`We could not parse the ${what} body of your request.`);
}

/**
 * Reads a JSON or multipart body; other content types answer 415. Strings holding NUL
 * characters are refused (400): nothing reelgate stores may contain one.
 */
export async function readBody(c: Context<AppEnv>, accepted: readonly BodyKind[]): Promise<ParsedBody> {
  const parsed = await readBodyValue(c, accepted);
  const nul = findNul(parsed.value);
  if (nul !== undefined) throw invalidRequest(`Invalid '${nul}': NUL characters are not allowed.`, nul);
  return parsed;
}

async function readBodyValue(c: Context<AppEnv>, accepted: readonly BodyKind[]): Promise<ParsedBody> {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  if (accepted.includes('multipart') && contentType.startsWith('multipart/form-data')) {
    try {
      return { kind: 'multipart', value: formDataToObject(await c.req.raw.formData()) };
    } catch (error) {
      rethrowBodyError(c, error, 'multipart');
    }
  }
  if (accepted.includes('json') && (contentType === '' || contentType.includes('json'))) {
    let text: string;
    try {
      text = await c.req.raw.text();
    } catch (error) {
      rethrowBodyError(c, error, 'JSON');
    }
    if (text.trim() === '') throw invalidRequest('The request body is empty; a JSON object was expected.');
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw invalidRequest('The request body must be a JSON object.');
      }
      return { kind: 'json', value };
    } catch (error) {
      if (error instanceof ReelgateError) throw error;
      throw invalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      );
    }
  }
  throw new ReelgateError({
    code: 'unsupported_media_type',
    message: `Unsupported Content-Type '${contentType || 'none'}': send ${accepted.map((kind) => (kind === 'json' ? 'application/json' : 'multipart/form-data')).join(' or ')}.`,
  });
}
