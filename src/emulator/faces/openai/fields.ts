/**
 * Field checks with OpenAI-style 400 messages (`param` set, codes such as invalid_type,
 * invalid_value, missing_required_parameter, unknown_parameter).
 */
import { EmulatorHttpError } from '../../core/http-error.ts';
import { quotedList } from './errors.ts';
import { type BodyObject, type BodyValue, describeType } from './request-body.ts';

function fieldError(param: string, code: string, message: string): EmulatorHttpError {
  return new EmulatorHttpError({ status: 400, param, code, message });
}

export function rejectUnknown(fields: BodyObject, allowed: readonly string[]): void {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) {
      throw fieldError(key.slice(0, 200), 'unknown_parameter', `Unknown parameter: '${key.slice(0, 200)}'.`);
    }
  }
}

export function requireField(fields: BodyObject, name: string): BodyValue {
  const value = fields[name];
  if (value === undefined) {
    throw fieldError(name, 'missing_required_parameter', `Missing required parameter: '${name}'.`);
  }
  return value;
}

/** A string field with length limits; absent -> undefined unless required. */
export function stringField(
  fields: BodyObject,
  name: string,
  options: { required?: boolean; minLength?: number; maxLength?: number } = {},
): string | undefined {
  const value = options.required ? requireField(fields, name) : fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw fieldError(
      name,
      'invalid_type',
      `Invalid type for '${name}': expected a string, but got ${describeType(value)} instead.`,
    );
  }
  if (options.minLength !== undefined && value.length < options.minLength) {
    throw fieldError(
      name,
      'string_below_min_length',
      value.length === 0
        ? `Invalid '${name}': empty string. Expected a string with minimum length ${options.minLength}, but got an empty string instead.`
        : `Invalid '${name}': string too short. Expected a string with minimum length ${options.minLength}, but got a string with length ${value.length} instead.`,
    );
  }
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    throw fieldError(
      name,
      'string_above_max_length',
      `Invalid '${name}': string too long. Expected a string with maximum length ${options.maxLength}, but got a string with length ${value.length} instead.`,
    );
  }
  return value;
}

/** A string that must be one of `values`; a non-string (e.g. seconds: 8) is a type error. */
export function enumField(
  fields: BodyObject,
  name: string,
  values: readonly string[],
  options: { required?: boolean } = {},
): string | undefined {
  const value = options.required ? requireField(fields, name) : fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw fieldError(
      name,
      'invalid_type',
      `Invalid type for '${name}': expected one of ${quotedList(values).replace(', and', ', or')}, but got ${describeType(value)} instead.`,
    );
  }
  if (!values.includes(value)) {
    throw fieldError(
      name,
      'invalid_value',
      `Invalid value: '${value.slice(0, 100)}'. Supported values are: ${quotedList(values)}.`,
    );
  }
  return value;
}
