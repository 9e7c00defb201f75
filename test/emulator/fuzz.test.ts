/**
 * Property-based fuzzing of the OpenAI face through app.request(): malformed multipart,
 * malformed JSON, wrong types, huge fields and odd encodings must each get a 4xx with the
 * error envelope, and the emulator must keep working afterwards.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulatorApp } from '../../src/emulator/index.ts';
import { createSpecValidator } from './helpers.ts';

const app = createEmulatorApp({ speed: 1000, seed: 5 });
const validator = createSpecValidator();
const auth = { authorization: 'Bearer fuzz' };

afterAll(async () => {
  await app.core.close();
});

const createPaths = [
  '/v1/videos',
  '/v1/videos/edits',
  '/v1/videos/extensions',
  '/v1/videos/characters',
  '/v1/videos/video_x/remix',
];

async function expectEnvelope(response: Response, context: string): Promise<void> {
  const text = await response.text();
  expect(response.status, `${context} -> ${response.status} ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(
    400,
  );
  expect(response.status, context).toBeLessThan(500);
  const problem = validator.check('error', JSON.parse(text));
  expect(problem, context).toBeNull();
}

/** A value of the wrong kind for any of the fields. */
const oddValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.string({ maxLength: 30 }),
);

/** JSON create bodies with at least one guaranteed defect. */
const defectiveJsonBody = fc
  .tuple(
    fc.record(
      {
        prompt: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), oddValue),
        seconds: fc.oneof(fc.constantFrom('4', '8', '12', '16', '20'), oddValue),
        size: fc.oneof(fc.constantFrom('720x1280', '1280x720'), oddValue),
        model: fc.oneof(fc.constantFrom('sora-2', 'sora-2-pro'), oddValue),
        input_reference: oddValue,
        video: oddValue,
      },
      { requiredKeys: [] },
    ),
    fc.oneof(
      fc.record({ seconds: fc.integer({ min: -100, max: 100 }) }),
      fc.record({ size: fc.string({ maxLength: 12 }).filter((s) => !/^\d+x\d+$/.test(s)) }),
      fc.record({ prompt: fc.constantFrom('', 0, null, [], {}) }),
      fc.record({ [`unknown_${Math.random().toString(36).slice(2, 6)}`]: oddValue }),
      fc.constant({ prompt: undefined }),
      fc.record({
        input_reference: fc.oneof(fc.string(), fc.record({ image_url: fc.string(), file_id: fc.string() })),
      }),
    ),
  )
  .map(([base, defect]) => JSON.stringify({ ...base, ...defect }));

function multipart(
  parts: { name: string; value: string | Uint8Array; filename?: string | undefined }[],
  boundary: string,
): Uint8Array<ArrayBuffer> {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

describe('fuzzing the OpenAI face', () => {
  it('malformed or defective JSON bodies get a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...createPaths),
        fc.oneof(
          defectiveJsonBody,
          fc.string({ maxLength: 200 }).map((s) => `{${s}`),
          fc.string({ maxLength: 50 }).filter((s) => s.trim() === '' || !/^\s*\{/.test(s)),
          fc.json({ maxDepth: 3 }).filter((s) => !s.trim().startsWith('{')),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', ''),
        async (path, body, contentType) => {
          const headers: Record<string, string> = { ...auth };
          if (contentType) headers['content-type'] = contentType;
          const response = await app.request(path, { method: 'POST', headers, body });
          await expectEnvelope(response, `${path} ${contentType} ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it('malformed multipart bodies get a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...createPaths),
        fc.oneof(
          // random bytes under a multipart content type
          fc
            .uint8Array({ maxLength: 400 })
            .map((bytes) => ({ body: new Uint8Array(bytes), boundary: 'xyz' })),
          // boundary in the header does not match the body
          fc.string({ minLength: 1, maxLength: 20 }).map((value) => ({
            body: multipart([{ name: 'prompt', value }], 'other-boundary'),
            boundary: 'xyz',
          })),
          // well-formed multipart with defective fields and odd bracketed names
          fc
            .array(
              fc.record({
                name: fc.oneof(
                  fc.constantFrom(
                    'seconds',
                    'size',
                    'input_reference',
                    'video',
                    'characters[][id]',
                    'video[id]',
                    'a[b][c]',
                    '[]',
                    'prompt[x]',
                  ),
                  fc
                    .string({ minLength: 1, maxLength: 20 })
                    .filter((s) => !s.includes('"') && !/[\r\n]/.test(s)),
                ),
                value: fc.oneof(fc.string({ maxLength: 30 }), fc.uint8Array({ maxLength: 50 })),
                filename: fc.option(fc.constantFrom('a.png', 'b.mp4', 'c.txt'), { nil: undefined }),
              }),
              { maxLength: 5 },
            )
            .map((parts) => ({
              body: multipart([{ name: 'seconds', value: '7' }, ...parts], 'xyz'),
              boundary: 'xyz',
            })),
        ),
        async (path, { body, boundary }) => {
          const response = await app.request(path, {
            method: 'POST',
            headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
            body,
          });
          await expectEnvelope(
            response,
            `${path} multipart ${Buffer.from(body).toString('latin1').slice(0, 200)}`,
          );
        },
      ),
      { numRuns: 150, seed: 43 },
    );
  });

  it('huge fields and odd encodings get a 4xx envelope', async () => {
    const cases: { name: string; init: RequestInit; path?: string }[] = [
      { name: 'prompt over 32000 chars', init: json({ prompt: 'p'.repeat(40_000) }) },
      { name: 'huge unknown field name', init: json({ prompt: 'x', ['k'.repeat(100_000)]: 1 }) },
      {
        name: 'huge garbage data URL',
        init: json({
          prompt: 'x',
          input_reference: { image_url: `data:image/png;base64,${'A'.repeat(2_000_000)}` },
        }),
      },
      {
        name: 'data URL with bad base64',
        init: json({ prompt: 'x', input_reference: { image_url: 'data:image/png;base64,%%%' } }),
      },
      {
        name: 'invalid UTF-8 bytes',
        init: {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: new Uint8Array([0x7b, 0xff, 0xfe, 0x22, 0x7d]),
        },
      },
      {
        name: 'UTF-16 JSON',
        init: {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: Buffer.from('{"prompt":"x","seconds":4}', 'utf16le'),
        },
      },
      {
        name: 'BOM then JSON array',
        init: {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '\ufeff[1,2,3]',
        },
      },
      {
        name: 'deeply nested JSON',
        init: json({ prompt: 'x', input_reference: JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`) }),
      },
      {
        name: 'deeply nested bracket name',
        init: {
          method: 'POST',
          headers: { ...auth, 'content-type': 'multipart/form-data; boundary=b' },
          body: multipart([{ name: `video${'[x]'.repeat(50)}`, value: '1' }], 'b'),
        },
      },
      {
        name: 'urlencoded garbage',
        init: {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
          body: '%%%=&&&prompt',
        },
      },
      { name: 'empty body', init: { method: 'POST', headers: auth } },
      { name: 'list limit not a number', init: { headers: auth }, path: '/v1/videos?limit=1e3' },
      { name: 'list bad order', init: { headers: auth }, path: '/v1/videos?order=sideways' },
      { name: 'list unknown cursor', init: { headers: auth }, path: '/v1/videos?after=%00%ff' },
      {
        name: 'content of unknown id',
        init: { headers: auth },
        path: `/v1/videos/${'%F0%9F%92%A9'.repeat(50)}/content?variant=%00`,
      },
      { name: 'no bearer', init: { method: 'POST', body: '{}' } },
      { name: 'unknown route', init: { headers: auth }, path: '/v1/nothing/here' },
    ];
    for (const testCase of cases) {
      const response = await app.request(testCase.path ?? '/v1/videos', testCase.init);
      await expectEnvelope(response, testCase.name);
    }
  });

  it('still serves normal requests afterwards', async () => {
    const response = await app.request('/v1/videos', json({ prompt: 'Still alive' }));
    expect(response.status).toBe(200);
    expect(validator.check('VideoResource', await response.json())).toBeNull();
  });
});

function json(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
