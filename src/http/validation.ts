/**
 * Request validation with zod, reporting the first problem the way the OpenAI API does:
 * a 400 `invalid_request_error` naming the parameter at fault.
 */
import type { z } from 'zod';
import { invalidRequest, type ReelgateError } from '../core/errors.ts';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return 'a number too large to represent';
    return Number.isInteger(value) ? 'an integer' : 'a decimal';
  }
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (value instanceof File) return 'a file';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function listValues(values: readonly unknown[]): string {
  const quoted = values.map((value) => `'${String(value)}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')}, or ${quoted.at(-1)}`;
}

/** Converts the first zod issue into a ReelgateError (400 invalid_request). */
export function issueToError(issue: z.core.$ZodIssue, input: unknown): ReelgateError {
  const pathParam = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const param = pathParam ? `${pathParam}.${key}` : key;
      return invalidRequest(`Unrecognized request argument supplied: ${issue.keys.join(', ')}`, param);
    }
    case 'invalid_type': {
      const received = valueAt(input, issue.path);
      if (received === undefined)
        return invalidRequest(`Missing required parameter: '${pathParam}'.`, pathParam);
      if (typeof received === 'number' && !Number.isNaN(received) && !Number.isFinite(received)) {
        return invalidRequest(
          `Invalid '${pathParam}': the number is too large to represent; expected a finite number.`,
          pathParam,
        );
      }
      return invalidRequest(
        `Invalid type for '${pathParam}': expected ${issue.expected === 'file' ? 'a file' : `a ${issue.expected}`}, but got ${describeType(received)} instead.`,
        pathParam,
      );
    }
    case 'invalid_value': {
      const received = valueAt(input, issue.path);
      const typeHint =
        typeof received !== 'string' && issue.values.every((value) => typeof value === 'string')
          ? `, but got ${describeType(received)} instead`
          : '';
      return invalidRequest(
        `Invalid value for '${pathParam}': expected one of ${listValues(issue.values)}${typeHint}.`,
        pathParam,
      );
    }
    case 'too_big':
      return invalidRequest(
        issue.origin === 'string'
          ? `Invalid '${pathParam}': string too long. Expected a string with maximum length ${String(issue.maximum)}.`
          : issue.origin === 'array'
            ? `Invalid '${pathParam}': expected at most ${String(issue.maximum)} items.`
            : `Invalid '${pathParam}': expected a value ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}.`,
        pathParam,
      );
    case 'too_small':
      return invalidRequest(
        issue.origin === 'string'
          ? `Invalid '${pathParam}': string too short. Expected a string with minimum length ${String(issue.minimum)}.`
          : issue.origin === 'array'
            ? `Invalid '${pathParam}': expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}.`
            : `Invalid '${pathParam}': expected a value ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}.`,
        pathParam,
      );
    case 'invalid_union': {
      // A value none of the alternatives accepts by type (null included): name the types.
      const expected = [
        ...new Set(
          issue.errors.flatMap((branch) =>
            branch.flatMap((inner) =>
              inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : [],
            ),
          ),
        ),
      ];
      const received = valueAt(input, issue.path);
      if (expected.length === issue.errors.length && received !== undefined) {
        return invalidRequest(
          `Invalid type for '${pathParam}': expected ${expected.map((type) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`).join(' or ')}, but got ${describeType(received)} instead.`,
          pathParam,
        );
      }
      return invalidRequest(`Invalid '${pathParam || 'body'}': ${issue.message}`, pathParam || null);
    }
    default:
      return invalidRequest(`Invalid '${pathParam || 'body'}': ${issue.message}`, pathParam || null);
  }
}

/** Parses `input` or throws a 400 ReelgateError describing the first issue. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalidRequest('Invalid request.');
  throw issueToError(issue, input);
}
