/**
 * Schema-driven fuzzing of every endpoint in reelgate's own /openapi.json, on the real engine
 * with a counting provider. For every operation: valid, boundary and invalid values, wrong
 * types, missing and extra fields, odd encodings and broken bodies, path tricks in ids, wrong
 * and missing keys, undocumented methods. After every request: no 5xx, the error envelope on
 * every 4xx, and no new generation for a refused request; at the end, every generation that
 * reached the provider was one the API accepted, and another account's video is untouched.
 * Seeded (FUZZ_SEED), so a failure replays exactly.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFileLink } from '../../src/shared/signed-links.ts';
import {
  adminKey,
  type Gateway,
  jsonBody,
  keyA,
  keyB,
  signingSecret,
  startGateway,
} from './helpers/gateway.ts';
import { type JsonSchema, SchemaArbitraries } from './helpers/schema-arbitrary.ts';
import { oddBodies, pathTricks } from './helpers/odd-inputs.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20261108);
const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 70);
const uploadLimitBytes = 256 * 1024;

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: BodyInit;
  expectValid: boolean;
  label: string;
}

let gateway: Gateway;
let operations: Operation[] = [];
let arbitraries: SchemaArbitraries;
const ids: { a: string[]; b: string } = { a: [], b: '' };
/** A third account that owns nothing: the fuzz's "other key" (B's own key is never used). */
let keyC = '';
const acceptedIds = new Set<string>();
const stats = { requests: 0, byStatus: new Map<number, number>(), perOperation: new Map<string, number>() };
const successes = new Map<string, number>();

async function generationCount(): Promise<number> {
  const { rows } = await gateway.reelgate.db.query<{ n: number | string }>(
    // Top-level generations: a long video's segments are its internal jobs (docs/long-videos.md).
    'SELECT count(*) AS n FROM generations WHERE segment_index IS NULL',
  );
  return Number(rows[0]?.n ?? 0);
}

async function createCompleted(key: string, prompt: string): Promise<string> {
  const response = await gateway.app.request('/v1/generations', jsonBody({ prompt }, gateway.auth(key)));
  const id = ((await response.json()) as { id: string }).id;
  acceptedIds.add(id);
  expect((await gateway.finished(id)).generation.state).toBe('completed');
  return id;
}

beforeAll(async () => {
  gateway = await startGateway({ http: { rateLimitPerMinute: 0, uploadLimitBytes }, logLevel: 'warn' });
  ids.a = [await createCompleted(keyA, 'seed video one'), await createCompleted(keyA, 'seed video two')];
  ids.b = await createCompleted(keyB, 'account b video');
  keyC = (await gateway.accounts.createKey({ name: 'fuzz other account' })).key;
  const document = (await (await gateway.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const tinyPng =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
  arbitraries = new SchemaArbitraries(document.components.schemas, {
    prompt: fc.constantFrom('a red fox in snow, slow dolly in', 'a paper boat', 'é 🎬 ünïcödé prompt'),
    model: fc.constantFrom('sora-2', 'sora-2-pro', 'sora-1.0', undefined),
    image_url: fc.constantFrom('https://images.example/frame.png', `data:image/png;base64,${tinyPng}`),
    duration: fc.constantFrom(4, 8, 12, 0.5, 60),
    size: fc.constantFrom('1280x720', '720x1280'),
    resolution: fc.constantFrom('720p', undefined),
  });
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      ...(operation.requestBody ? { requestBody: operation.requestBody } : {}),
      ...(operation.security ? { security: operation.security } : {}),
    })),
  );
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

/** Sends one request and checks the invariants that hold for every request whatever it is. */
async function send(operationKey: string, request: FuzzRequest): Promise<Response> {
  const before = await generationCount();
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  if (request.body instanceof ReadableStream) (init as { duplex?: string }).duplex = 'half';
  const response = await gateway.app.request(request.url, init);
  stats.requests += 1;
  stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
  stats.perOperation.set(operationKey, (stats.perOperation.get(operationKey) ?? 0) + 1);
  const contentType = response.headers.get('content-type') ?? '';
  const where = `${request.label}: ${request.method} ${request.url.slice(0, 200)} -> ${response.status}`;
  if (contentType.startsWith('text/event-stream')) {
    await response.body?.cancel();
  }
  const text = contentType.startsWith('text/event-stream') ? '' : await response.text();
  if (process.env.FUZZ_DEBUG && operationKey.includes(process.env.FUZZ_DEBUG) && response.status >= 400)
    console.log(where, String(request.body).slice(0, 200), text.slice(0, 200));
  expect(response.status, where).toBeGreaterThanOrEqual(200);
  if (response.status >= 500 && process.env.FUZZ_DEBUG) console.log(gateway.logs.slice(-3).join(''));
  expect(response.status, `${where} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(contentType, where).toMatch(/^application\/json/);
    const envelope = JSON.parse(text) as { error?: Record<string, unknown> };
    expect(envelope.error, where).toBeTypeOf('object');
    expect(envelope.error?.message, where).toBeTypeOf('string');
    expect(envelope.error?.type, where).toBeTypeOf('string');
    expect(envelope.error?.code, where).toBeTypeOf('string');
    expect(envelope.error && 'param' in envelope.error, where).toBe(true);
    expect(envelope.error?.param === null || typeof envelope.error?.param === 'string', where).toBe(true);
    expect(await generationCount(), `${where}: a refused request created a generation`).toBe(before);
  } else {
    successes.set(operationKey, (successes.get(operationKey) ?? 0) + 1);
    if (contentType.startsWith('application/json') && request.method === 'POST') {
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id === 'string') acceptedIds.add(id);
    }
  }
  return response;
}

const authChoices = fc.constantFrom<'a' | 'b' | 'admin' | 'none' | 'wrong' | 'basic' | 'empty'>(
  'a',
  'a',
  'a',
  'a',
  'a',
  'a',
  'b',
  'admin',
  'none',
  'wrong',
  'basic',
  'empty',
);

function authHeaders(choice: string, operation: Operation): Record<string, string> {
  const adminOnly = operation.path.startsWith('/v1/admin');
  switch (choice) {
    case 'a':
      return { authorization: `Bearer ${adminOnly ? adminKey : keyA}` };
    case 'b':
      return { authorization: `Bearer ${keyC}` };
    case 'admin':
      return { authorization: `Bearer ${adminOnly ? keyA : adminKey}` };
    case 'wrong':
      return { authorization: `Bearer ${keyA.slice(0, -1)}X` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`x:${keyA}`).toString('base64')}` };
    case 'empty':
      return { authorization: 'Bearer ' };
    default:
      return {};
  }
}

/** A value for a path parameter: real ids, another account's id, tricks, random strings. */
function pathValue(operation: Operation, name: string): fc.Arbitrary<{ raw: string; encode: boolean }> {
  const known =
    name === 'variant'
      ? fc.constantFrom('video', 'thumbnail', 'spritesheet')
      : name === 'provider'
        ? fc.constantFrom('openai', 'fal', 'unknown')
        : operation.path.includes('/admin/')
          ? fc.constantFrom('key_doesnotexist', 'rg_nothing')
          : fc.constantFrom(...ids.a, ids.b);
  return fc.oneof(
    { weight: 4, arbitrary: known.map((raw) => ({ raw, encode: true })) },
    { weight: 3, arbitrary: fc.constantFrom(...pathTricks).map((raw) => ({ raw, encode: false })) },
    { weight: 2, arbitrary: fc.string({ maxLength: 60 }).map((raw) => ({ raw, encode: true })) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((raw) => ({ raw, encode: true })),
    },
  );
}

function queryArbitrary(operation: Operation): fc.Arbitrary<string> {
  const query = operation.parameters.filter((parameter) => parameter.in === 'query');
  const parts = query.map((parameter) =>
    fc.option(
      fc
        .oneof(
          { weight: 3, arbitrary: arbitraries.valid(parameter.schema ?? {}) },
          { weight: 2, arbitrary: arbitraries.invalid(parameter.schema ?? {}) },
        )
        .map((value) => `${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(value))}`),
      { nil: '' },
    ),
  );
  const extra = fc.constantFrom(
    '',
    '',
    '',
    'unknown=1',
    'limit=1&limit=2',
    'after=%00',
    'order[]=asc',
    '%=%',
    'a=%E0%A4%A',
  );
  return fc
    .tuple(fc.tuple(...parts), extra)
    .map(([values, more]) => [...values, more].filter(Boolean).join('&'));
}

function headerArbitrary(operation: Operation): fc.Arbitrary<Record<string, string>> {
  const takesRange = operation.parameters.some((parameter) => parameter.name.toLowerCase() === 'range');
  const range = takesRange
    ? fc.option(
        fc.constantFrom(
          'bytes=0-10',
          'bytes=-5',
          'bytes=100-',
          'bytes=999999999-',
          'bytes=5-1',
          'bytes=0-1,4-5',
          'items=0-1',
          'bytes=-0',
          'garbage',
          'bytes=0-99999999999999999999',
        ),
        { nil: undefined },
      )
    : fc.constant(undefined);
  const requestIdHeader = fc.option(
    fc.constantFrom('ok-id', 'x'.repeat(500), 'bad id\twith tab', '../../etc'),
    {
      nil: undefined,
    },
  );
  return fc.tuple(range, requestIdHeader).map(([rangeValue, requestId]) => ({
    ...(rangeValue ? { range: rangeValue } : {}),
    ...(requestId ? { 'x-request-id': requestId } : {}),
  }));
}

/** Multipart forms from object bodies: nested objects in bracket notation, plus stray files. */
function toFormData(value: unknown): FormData {
  const form = new FormData();
  const add = (key: string, item: unknown) => {
    if (item === undefined) return;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      for (const [inner, innerValue] of Object.entries(item)) add(`${key}[${inner}]`, innerValue);
    } else if (Array.isArray(item)) {
      for (const element of item) add(key, element);
    } else {
      form.append(key, String(item));
    }
  };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) add(key, item);
  }
  return form;
}

function bodyArbitrary(
  operation: Operation,
): fc.Arbitrary<{ body?: BodyInit; headers: Record<string, string>; expectValid: boolean }> {
  const content = operation.requestBody?.content;
  if (!content) {
    if (operation.method === 'GET' || operation.method === 'HEAD')
      return fc.constant({ headers: {}, expectValid: true });
    return fc.oneof(
      { weight: 5, arbitrary: fc.constant({ headers: {}, expectValid: true }) },
      {
        weight: 1,
        arbitrary: fc.constant({
          body: '{"unexpected":true}',
          headers: { 'content-type': 'application/json' },
          expectValid: true,
        }),
      },
    );
  }
  const variants: fc.Arbitrary<{ body?: BodyInit; headers: Record<string, string>; expectValid: boolean }>[] =
    [];
  const json = content['application/json']?.schema;
  if (json) {
    const resolved = arbitraries.resolve(json);
    if (resolved.type === 'object' || resolved.properties) {
      variants.push(
        arbitraries.body(json).map(({ value, expectValid }) => ({
          body: JSON.stringify(value),
          headers: { 'content-type': 'application/json' },
          expectValid,
        })),
      );
    } else {
      variants.push(
        fc
          .string({ maxLength: 200 })
          .map((body) => ({ body, headers: { 'content-type': 'application/json' }, expectValid: false })),
      );
    }
  }
  const multipart = content['multipart/form-data']?.schema;
  if (multipart) {
    variants.push(
      fc
        .tuple(arbitraries.body(multipart), fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }))
        .map(([{ value, expectValid }, file]) => {
          const form = toFormData(value);
          if (file) form.append('input_reference', new File([file], 'frame.png', { type: 'image/png' }));
          return { body: form, headers: {}, expectValid: expectValid && !file };
        }),
    );
  }
  return fc.oneof(...variants);
}

function buildPath(operation: Operation, values: Record<string, { raw: string; encode: boolean }>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name] ?? { raw: 'x', encode: true };
    return value.encode ? encodeURIComponent(value.raw) : value.raw;
  });
}

function requestArbitrary(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const pathNames = operation.parameters
    .filter((parameter) => parameter.in === 'path')
    .map((parameter) => parameter.name);
  const pathValues = fc.record(
    Object.fromEntries(pathNames.map((name) => [name, pathValue(operation, name)])),
  );
  const signature = fc.constantFrom('valid', 'valid-other-id', 'none', 'garbage', 'truncated');
  return fc
    .tuple(
      pathValues,
      queryArbitrary(operation),
      headerArbitrary(operation),
      bodyArbitrary(operation),
      authChoices,
      signature,
    )
    .map(([values, query, headers, body, auth, sig]) => {
      let search = query;
      if (operation.path.startsWith('/files/')) {
        const id = (values as Record<string, { raw: string }>).id?.raw ?? '';
        const variant = (values as Record<string, { raw: string }>).variant?.raw ?? 'video';
        const safeVariant = ['video', 'thumbnail', 'spritesheet'].includes(variant)
          ? (variant as 'video')
          : 'video';
        const account = ids.b === id ? 'acct_b_unknown' : 'acct_unknown';
        const made =
          sig === 'valid'
            ? signFileLink(signingSecret, account, id, safeVariant)
            : sig === 'valid-other-id'
              ? signFileLink(signingSecret, account, ids.a[0] ?? 'x', safeVariant)
              : sig === 'garbage'
                ? 'bm9wZQ.AAAA'
                : sig === 'truncated'
                  ? signFileLink(signingSecret, account, id, safeVariant).slice(0, -4)
                  : '';
        search = [made ? `sig=${encodeURIComponent(made)}` : '', query].filter(Boolean).join('&');
      }
      const path = buildPath(operation, values as Record<string, { raw: string; encode: boolean }>);
      return {
        method: operation.method,
        url: search ? `${path}?${search}` : path,
        headers: { ...authHeaders(auth, operation), ...headers, ...body.headers },
        ...(body.body !== undefined ? { body: body.body } : {}),
        expectValid: body.expectValid,
        label: 'generated',
      };
    });
}

describe('schema-driven fuzzing from /openapi.json', () => {
  it('covers every documented operation', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const keys = operations.map((operation) => `${operation.method} ${operation.path}`);
    for (const expected of [
      'POST /v1/videos',
      'POST /v1/generations',
      'POST /v1/videos/generations',
      'GET /files/{id}/{variant}',
    ])
      expect(keys).toContain(expected);
  });

  it('generated requests: no 5xx, the envelope on every 4xx, no generation from a refused request', async () => {
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path}`;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation), async (request) => {
          await send(key, request);
        }),
        { seed, numRuns: runsPerOperation, endOnFailure: true },
      );
    }
  }, 240_000);

  it('odd bodies on every operation that takes one: bad UTF-8, NUL, deep nesting, duplicate keys, huge, broken multipart', async () => {
    const withBody = operations.filter((operation) => operation.requestBody);
    expect(withBody.length).toBeGreaterThanOrEqual(5);
    for (const operation of withBody) {
      const key = `${operation.method} ${operation.path}`;
      const path = buildPath(operation, {
        video_id: { raw: ids.a[0] ?? 'x', encode: true },
        id: { raw: ids.a[0] ?? 'x', encode: true },
        provider: { raw: 'openai', encode: true },
      });
      for (const odd of oddBodies(uploadLimitBytes)) {
        await send(key, {
          method: operation.method,
          url: path,
          headers: { ...authHeaders('a', operation), ...odd.headers },
          body: odd.body,
          expectValid: false,
          label: `odd body '${odd.name}'`,
        });
      }
    }
  }, 120_000);

  it('path tricks on every operation with a path parameter, and undocumented methods on every path', async () => {
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path}`;
      const names = operation.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      for (const trick of names.length > 0 ? pathTricks : []) {
        for (const name of names) {
          const values = Object.fromEntries(
            names.map((other) => [other, { raw: other === name ? trick : 'video', encode: false }]),
          );
          await send(key, {
            method: operation.method,
            url: buildPath(operation, values),
            headers: authHeaders('a', operation),
            ...(operation.requestBody ? { body: '{}' } : {}),
            expectValid: false,
            label: `path trick ${JSON.stringify(trick).slice(0, 40)}`,
          });
        }
      }
    }
    const documented = new Map<string, Set<string>>();
    for (const operation of operations) {
      documented.set(operation.path, (documented.get(operation.path) ?? new Set()).add(operation.method));
    }
    for (const [path, methods] of documented) {
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS', 'TRACE'].filter(
        (m) => !methods.has(m),
      )) {
        const url = path.replace(/\{[^}]+\}/g, ids.a[1] ?? 'x');
        const init = { method, headers: { authorization: `Bearer ${keyA}` } };
        if (method === 'TRACE') {
          // Not sendable through the Fetch API; the router must still not fault on it.
          continue;
        }
        await send(`${method} ${path} (undocumented)`, {
          ...init,
          url,
          expectValid: false,
          label: 'undocumented method',
        });
      }
    }
  }, 120_000);

  it('refused requests never reached the provider; other accounts were untouched; the counts', async () => {
    // Let the worker finish whatever the accepted requests started.
    for (let round = 0; round < 50 && (await gateway.reelgate.worker.drain()) > 0; round++);
    const started = gateway.provider.startedGenerationIds();
    for (const id of started) {
      // A segment of an accepted long video stands for its parent.
      const { rows } = await gateway.reelgate.db.query<{ parent_id: string | null }>(
        'SELECT parent_id FROM generations WHERE id = $1 AND segment_index IS NOT NULL',
        [id],
      );
      const accepted = acceptedIds.has(id) || acceptedIds.has(rows[0]?.parent_id ?? '');
      expect(accepted, `provider saw ${id}, never accepted`).toBe(true);
    }
    const stored = await gateway.reelgate.db.query<{ id: string }>(
      'SELECT id FROM generations WHERE segment_index IS NULL',
    );
    for (const row of stored.rows) expect(acceptedIds.has(row.id), `stray generation ${row.id}`).toBe(true);
    // Account B's video survived every DELETE, cancel and remix aimed at it with other keys
    // (B's own key is never used by the fuzz).
    const survivor = await gateway.reelgate.service.get(
      (await gateway.accounts.authenticate(keyB))!.id,
      ids.b,
    );
    expect(survivor?.state).toBe('completed');
    // Creation endpoints accepted something (the generator is not only producing garbage).
    for (const key of ['POST /v1/generations', 'POST /v1/videos', 'POST /v1/videos/generations']) {
      expect(successes.get(key) ?? 0, key).toBeGreaterThan(0);
    }
    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b);
    console.log(
      `[security fuzz] seed ${seed}: ${stats.requests} requests over ${operations.length} documented operations; ` +
        `statuses ${statuses.map(([status, count]) => `${status}x${count}`).join(' ')}; ` +
        `provider starts ${gateway.provider.starts.length} (all for accepted generations: ${acceptedIds.size})`,
    );
    expect(stats.requests).toBeGreaterThan(operations.length * runsPerOperation);
  });
});
