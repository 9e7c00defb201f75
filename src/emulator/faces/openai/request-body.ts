/**
 * Reads a POST body the way OpenAI's API does: JSON, or multipart/form-data (also urlencoded)
 * where nested objects arrive with bracketed names as the official SDK sends them
 * (`input_reference[image_url]=...`, `video[id]=...`, `characters[][id]=...`).
 * Result: a plain object whose leaves are JSON values or uploaded Files.
 */
import type { Context } from 'hono';
import { EmulatorHttpError } from '../../core/http-error.ts';

export type BodyValue = string | number | boolean | null | File | BodyValue[] | { [key: string]: BodyValue };
export type BodyObject = { [key: string]: BodyValue };

export interface ParsedBody {
  fields: BodyObject;
  /** True for JSON bodies, where value types are checked strictly. */
  isJson: boolean;
}

function invalidBody(message: string): EmulatorHttpError {
  return new EmulatorHttpError({ status: 400, message, code: 'invalid_body' });
}

export async function readBody(c: Context): Promise<ParsedBody> {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  if (
    contentType.startsWith('multipart/form-data') ||
    contentType.startsWith('application/x-www-form-urlencoded')
  ) {
    let form: FormData;
    try {
      form = await c.req.raw.formData();
    } catch {
      throw invalidBody('Could not parse the multipart/form-data body of your request.');
    }
    const fields: BodyObject = {};
    for (const [name, value] of form.entries()) setBracketed(fields, name, value);
    return { fields, isJson: false };
  }
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw invalidBody('Could not read the body of your request.');
  }
  if (text.trim() === '') {
    throw invalidBody('You must provide a JSON or multipart/form-data body for this request.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidBody(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidBody('The body of your request must be a JSON object.');
  }
  return { fields: parsed as BodyObject, isJson: true };
}

const namePattern = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** `a[b][]` style names into nested objects/arrays; names that do not parse are kept verbatim. */
function setBracketed(target: BodyObject, name: string, value: string | File): void {
  const match = namePattern.exec(name);
  if (!match || match[2] === '') {
    target[name] = value;
    return;
  }
  const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
  if (path.length > 8) throw invalidBody(`Parameter name '${name.slice(0, 100)}' is nested too deeply.`);
  let container: BodyObject | BodyValue[] = target;
  for (let index = 0; index < path.length; index++) {
    const key = path[index]!;
    const last = index === path.length - 1;
    if (Array.isArray(container)) {
      if (key !== '') throw invalidBody(`Unsupported parameter name '${name.slice(0, 100)}'.`);
      if (last) {
        container.push(value);
        return;
      }
      // `x[][id]`: start a new element unless the current last element still lacks this child key
      const nextKey = path[index + 1]!;
      let element = container[container.length - 1];
      if (!isPlainObject(element) || nextKey in element) {
        element = {};
        container.push(element);
      }
      container = element as BodyObject;
      continue;
    }
    if (last) {
      container[key] = value;
      return;
    }
    const wantArray = path[index + 1] === '';
    const existing: BodyValue | undefined = container[key];
    if (wantArray ? !Array.isArray(existing) : !isPlainObject(existing)) container[key] = wantArray ? [] : {};
    container = container[key] as BodyObject | BodyValue[];
  }
}

export function isPlainObject(value: unknown): value is BodyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof File);
}

/** A short name for a JSON value's type, as OpenAI's messages use ("an integer", "an object"...). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof File) return 'a file';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'object') return 'an object';
  return 'a string';
}
