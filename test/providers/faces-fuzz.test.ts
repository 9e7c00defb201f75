/**
 * Bad input never crashes a provider face: malformed JSON, wrong types, huge and odd fields
 * are answered with a 4xx in the provider's own error shape (never a 500), and missing or
 * wrong credentials are refused.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulatorApp } from '../../src/emulator/index.ts';

const app = createEmulatorApp({ speed: 1000, seed: 3, apiKey: 'fuzz-key' });
afterAll(() => app.core.close());

interface Target {
  name: string;
  path: string;
  auth: Record<string, string>;
  /** True when the body is this provider's error envelope. */
  isError(body: unknown): boolean;
}

const obj = (value: unknown) =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

const targets: Target[] = [
  {
    name: 'fal',
    path: '/fal/fal-ai/kling-video/v2.1/master/text-to-video',
    auth: { authorization: 'Key fuzz-key' },
    isError: (body) => 'detail' in obj(body),
  },
  {
    name: 'google',
    path: '/google/v1beta/models/veo-3.0-generate-001:predictLongRunning',
    auth: { 'x-goog-api-key': 'fuzz-key' },
    isError: (body) =>
      typeof obj(obj(body).error).message === 'string' && typeof obj(obj(body).error).status === 'string',
  },
  {
    name: 'replicate',
    path: '/replicate/v1/models/minimax/hailuo-02/predictions',
    auth: { authorization: 'Bearer fuzz-key' },
    isError: (body) => typeof obj(body).detail === 'string' && typeof obj(body).status === 'number',
  },
  {
    name: 'xai',
    path: '/xai/v1/videos/generations',
    auth: { authorization: 'Bearer fuzz-key' },
    isError: (body) => typeof obj(body).error === 'string' && typeof obj(body).code === 'string',
  },
];

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const bodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  jsonValue.map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        prompt: fc.oneof(fc.string({ maxLength: 50 }), jsonValue),
        duration: jsonValue,
        durationSeconds: jsonValue,
        aspect_ratio: jsonValue,
        resolution: jsonValue,
        image_url: jsonValue,
        image: jsonValue,
        input: fc.dictionary(
          fc.constantFrom('prompt', 'duration', 'image', 'aspect_ratio', 'size'),
          jsonValue,
        ),
        instances: fc.array(fc.dictionary(fc.constantFrom('prompt', 'image'), jsonValue), { maxLength: 2 }),
        parameters: fc.dictionary(
          fc.constantFrom('durationSeconds', 'aspectRatio', 'resolution', 'sampleCount'),
          jsonValue,
        ),
        model: jsonValue,
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

describe.each(targets)('$name face', (target) => {
  it('answers malformed and random bodies with a 4xx in its own error shape (or accepts valid ones)', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await app.request(target.path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...target.auth },
          body,
        });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(target.isError(await response.json())).toBe(true);
      }),
      { numRuns: 120, seed: 42 },
    );
  });

  it('refuses a request without credentials or with the wrong ones', async () => {
    for (const headers of [
      {},
      Object.fromEntries(
        Object.keys(target.auth).map((key) => [
          key,
          key === 'authorization' ? `${target.auth[key]!.split(' ')[0]} nope` : 'nope',
        ]),
      ),
    ]) {
      const response = await app.request(target.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"prompt":"a cat"}',
      });
      expect([400, 401, 403]).toContain(response.status);
      expect(target.isError(await response.json())).toBe(true);
    }
  });

  it('answers an oversized body with a 4xx', async () => {
    const response = await app.request(target.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.auth },
      body: JSON.stringify({ prompt: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
