/**
 * fast-check arbitraries from the JSON Schemas in reelgate's own /openapi.json: values that fit
 * a schema (including its boundaries), values that break it (wrong types, one past each bound,
 * unknown enum members), and whole bodies with a required field missing, an unknown field added
 * or one field broken.
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  [key: string]: unknown;
};

export class SchemaArbitraries {
  readonly #components: Record<string, JsonSchema>;
  readonly #hints: Record<string, fc.Arbitrary<unknown>>;

  /**
   * `hints`: realistic values for properties whose schema is wider than what can succeed (a
   * model name must be one the catalog knows), mixed in with the schema's own values.
   */
  constructor(components: Record<string, JsonSchema>, hints: Record<string, fc.Arbitrary<unknown>> = {}) {
    this.#components = components;
    this.#hints = hints;
  }

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 20; depth++) {
      const name = current.$ref.replace('#/components/schemas/', '');
      const found = this.#components[name];
      if (!found) throw new Error(`Unresolved $ref ${current.$ref}`);
      current = found;
    }
    return current;
  }

  /** Values the schema accepts, boundaries included. */
  valid(input: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((item) => this.valid(item, depth + 1)));
    if (Array.isArray(schema.type)) {
      return fc.oneof(...schema.type.map((type) => this.valid({ ...schema, type }, depth + 1)));
    }
    switch (schema.type) {
      case 'string':
        return this.#validString(schema);
      case 'integer':
      case 'number':
        return this.#validNumber(schema);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(schema.items && depth < 4 ? this.valid(schema.items, depth + 1) : fc.jsonValue(), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      case 'object':
        return depth < 4 ? this.#validObject(schema, depth) : fc.constant({});
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  #validString(schema: JsonSchema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? 200;
    const boundaries = [min, Math.min(max, 40_000)].filter((length) => length >= 0);
    return fc.oneof(
      { weight: 6, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 80)) }) },
      {
        weight: 2,
        arbitrary: fc.string({
          unit: 'binary',
          minLength: Math.max(min, 1),
          maxLength: Math.max(min, Math.min(max, 40)),
        }),
      },
      { weight: 1, arbitrary: fc.constantFrom(...boundaries).map((length) => 'é'.repeat(length)) },
    );
  }

  #validNumber(schema: JsonSchema): fc.Arbitrary<number> {
    const integer = schema.type === 'integer';
    const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : -1e6);
    const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : 1e6);
    const boundaries: number[] = [];
    if (schema.minimum !== undefined) boundaries.push(schema.minimum);
    if (schema.maximum !== undefined) boundaries.push(schema.maximum);
    if (schema.exclusiveMinimum !== undefined)
      boundaries.push(schema.exclusiveMinimum + (integer ? 1 : 1e-6));
    if (schema.exclusiveMaximum !== undefined)
      boundaries.push(schema.exclusiveMaximum - (integer ? 1 : 1e-6));
    const inner = integer
      ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
      : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
    const inRange = inner.filter(
      (value) =>
        (schema.exclusiveMinimum === undefined || value > schema.exclusiveMinimum) &&
        (schema.exclusiveMaximum === undefined || value < schema.exclusiveMaximum),
    );
    return boundaries.length > 0
      ? fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...boundaries) })
      : inRange;
  }

  #validObject(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = schema.properties ?? {};
    const entries = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => {
        const hint = this.#hints[key];
        const own = this.valid(value, depth + 1);
        return [key, hint ? fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: own }) : own];
      }),
    );
    return fc.record(entries, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<
      Record<string, unknown>
    >;
  }

  /** Values the schema refuses: wrong types, one past each bound, strangers to an enum. */
  invalid(input: JsonSchema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const types = new Set(
      (schema.anyOf ?? schema.oneOf ?? [schema]).flatMap((item) => {
        const resolved = this.resolve(item);
        return Array.isArray(resolved.type) ? resolved.type : resolved.type ? [resolved.type] : [];
      }),
    );
    const wrongTypes: unknown[] = [];
    if (!types.has('string')) wrongTypes.push('12', '', 'true', ' ');
    if (!types.has('number') && !types.has('integer')) wrongTypes.push(0, -1, 1.5, 1e308);
    if (!types.has('boolean')) wrongTypes.push(true, false);
    if (!types.has('null')) wrongTypes.push(null);
    if (!types.has('array')) wrongTypes.push([], ['x'], [null]);
    if (!types.has('object')) wrongTypes.push({}, { nested: { deeper: [1, 2] } });
    const options: fc.Arbitrary<unknown>[] = [fc.constantFrom(...wrongTypes)];
    const bounds: unknown[] = [];
    for (const item of schema.anyOf ?? schema.oneOf ?? [schema]) {
      const resolved = this.resolve(item);
      if (resolved.enum)
        bounds.push('not-a-member', String(resolved.enum[0]).toUpperCase(), `${String(resolved.enum[0])} `);
      if (resolved.maxLength !== undefined) bounds.push('x'.repeat(resolved.maxLength + 1));
      if (resolved.minLength !== undefined && resolved.minLength > 0)
        bounds.push('x'.repeat(resolved.minLength - 1));
      if (resolved.maximum !== undefined)
        bounds.push(resolved.maximum + (resolved.type === 'integer' ? 1 : 0.5));
      if (resolved.minimum !== undefined) bounds.push(resolved.minimum - 1);
      if (resolved.exclusiveMinimum !== undefined) bounds.push(resolved.exclusiveMinimum, -1e-9);
      if (resolved.type === 'integer') bounds.push(1.5, 2 ** 63);
    }
    if (bounds.length > 0) options.push(fc.constantFrom(...bounds));
    return fc.oneof(...options);
  }

  /** Bodies for an object schema: valid ones and the usual ways of breaking them. */
  body(input: JsonSchema): fc.Arbitrary<{ value: unknown; expectValid: boolean }> {
    const schema = this.resolve(input);
    const valid = this.valid(schema) as fc.Arbitrary<Record<string, unknown>>;
    const properties = Object.keys(schema.properties ?? {});
    const required = schema.required ?? [];
    const variants: Array<{
      weight: number;
      arbitrary: fc.Arbitrary<{ value: unknown; expectValid: boolean }>;
    }> = [
      { weight: 4, arbitrary: valid.map((value) => ({ value, expectValid: true })) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            valid,
            fc.constantFrom('unknown_field', 'Prompt', '__proto__', 'constructor', 'admin', 'account_id '),
            fc.jsonValue({ maxDepth: 1 }),
          )
          .map(([value, key, extra]) => {
            const copy: Record<string, unknown> = { ...value };
            Object.defineProperty(copy, key, {
              value: extra,
              enumerable: true,
              configurable: true,
              writable: true,
            });
            return { value: copy, expectValid: false };
          }),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ value, expectValid: false })) },
    ];
    if (required.length > 0) {
      variants.push({
        weight: 2,
        arbitrary: fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => {
          const copy = { ...value };
          delete copy[key];
          return { value: copy, expectValid: false };
        }),
      });
    }
    if (properties.length > 0) {
      const broken = properties.map((key) =>
        fc.tuple(valid, this.invalid(schema.properties![key]!)).map(([value, bad]) => ({
          value: { ...value, [key]: bad },
          expectValid: false,
        })),
      );
      variants.push({ weight: 4, arbitrary: fc.oneof(...broken) });
    }
    return fc.oneof(...variants);
  }
}
