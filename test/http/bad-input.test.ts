/** Every validation failure is a 4xx with the error envelope, and never reaches the service. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './fakes/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ config: { uploadLimitBytes: 64 * 1024 } });
});

const longPrompt = 'x'.repeat(32_001);

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

interface Case {
  name: string;
  path: string;
  body: BodyInit;
  contentType?: string;
  status: number;
  param?: string | null;
  code?: string;
}

const json = (value: unknown) => JSON.stringify(value);

const cases: Case[] = [
  // seed contract
  {
    name: 'seed: missing prompt',
    path: '/v1/videos/generations',
    body: json({ resolution: '720p' }),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'seed: prompt not a string',
    path: '/v1/videos/generations',
    body: json({ prompt: 42 }),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'seed: blank prompt',
    path: '/v1/videos/generations',
    body: json({ prompt: '   ' }),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'seed: over-long prompt',
    path: '/v1/videos/generations',
    body: json({ prompt: longPrompt }),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'seed: unknown field',
    path: '/v1/videos/generations',
    body: json({ prompt: 'x', frame_rate: 30 }),
    status: 400,
    param: 'frame_rate',
  },
  {
    name: 'seed: unsupported resolution',
    path: '/v1/videos/generations',
    body: json({ prompt: 'x', resolution: '4k' }),
    status: 400,
    param: 'resolution',
  },
  {
    name: 'seed: duration as string',
    path: '/v1/videos/generations',
    body: json({ prompt: 'x', duration: '8' }),
    status: 400,
    param: 'duration',
  },
  {
    name: 'seed: duration too long',
    path: '/v1/videos/generations',
    body: json({ prompt: 'x', duration: 601 }),
    status: 400,
    param: 'duration',
  },
  {
    name: 'seed: zero duration',
    path: '/v1/videos/generations',
    body: json({ prompt: 'x', duration: 0 }),
    status: 400,
    param: 'duration',
  },
  {
    name: 'seed: body is an array',
    path: '/v1/videos/generations',
    body: json([{ prompt: 'x' }]),
    status: 400,
  },
  { name: 'seed: malformed JSON', path: '/v1/videos/generations', body: '{"prompt": ', status: 400 },
  {
    name: 'seed: wrong content type',
    path: '/v1/videos/generations',
    body: 'prompt=x',
    contentType: 'text/plain',
    status: 415,
    code: 'unsupported_media_type',
  },
  // OpenAI surface, JSON
  {
    name: 'videos: seconds as integer',
    path: '/v1/videos',
    body: json({ prompt: 'x', seconds: 8 }),
    status: 400,
    param: 'seconds',
  },
  {
    name: 'videos: seconds not allowed',
    path: '/v1/videos',
    body: json({ prompt: 'x', seconds: '9' }),
    status: 400,
    param: 'seconds',
  },
  {
    name: 'videos: unsupported size',
    path: '/v1/videos',
    body: json({ prompt: 'x', size: '1000x1000' }),
    status: 400,
    param: 'size',
  },
  {
    name: 'videos: unknown field',
    path: '/v1/videos',
    body: json({ prompt: 'x', quality: 'hd' }),
    status: 400,
    param: 'quality',
  },
  {
    name: 'videos: over-long prompt',
    path: '/v1/videos',
    body: json({ prompt: longPrompt }),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'videos: both image_url and file_id',
    path: '/v1/videos',
    body: json({ prompt: 'x', input_reference: { image_url: 'https://a/b.png', file_id: 'file_1' } }),
    status: 400,
    param: 'input_reference',
  },
  {
    name: 'videos: file_id unsupported',
    path: '/v1/videos',
    body: json({ prompt: 'x', input_reference: { file_id: 'file_1' } }),
    status: 400,
    param: 'input_reference.file_id',
  },
  {
    name: 'videos: image_url not a url',
    path: '/v1/videos',
    body: json({ prompt: 'x', input_reference: { image_url: 'not a url' } }),
    status: 400,
    param: 'input_reference.image_url',
  },
  {
    name: 'videos: data url not an image',
    path: '/v1/videos',
    body: json({ prompt: 'x', input_reference: { image_url: 'data:image/png;base64,aGVsbG8=' } }),
    status: 400,
    param: 'input_reference.image_url',
  },
  {
    name: 'videos: unknown input_reference key',
    path: '/v1/videos',
    body: json({ prompt: 'x', input_reference: { url: 'https://a' } }),
    status: 400,
    param: 'input_reference.url',
  },
  // OpenAI surface, multipart
  {
    name: 'videos multipart: missing prompt',
    path: '/v1/videos',
    body: form({ seconds: '4' }),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'videos multipart: unknown field',
    path: '/v1/videos',
    body: form({ prompt: 'x', n: '2' }),
    status: 400,
    param: 'n',
  },
  {
    name: 'videos multipart: bad seconds',
    path: '/v1/videos',
    body: form({ prompt: 'x', seconds: '5' }),
    status: 400,
    param: 'seconds',
  },
  {
    name: 'videos multipart: prompt twice',
    path: '/v1/videos',
    body: (() => {
      const f = form({ prompt: 'x' });
      f.append('prompt', 'y');
      return f;
    })(),
    status: 400,
    param: 'prompt',
  },
  {
    name: 'videos multipart: non-image upload',
    path: '/v1/videos',
    body: form({ prompt: 'x', input_reference: new File(['hello'], 'a.png') }),
    status: 400,
    param: 'input_reference',
  },
  {
    name: 'videos multipart: oversized upload (413)',
    path: '/v1/videos',
    body: form({ prompt: 'x', input_reference: new File([new Uint8Array(100 * 1024)], 'big.png') }),
    status: 413,
    code: 'payload_too_large',
  },
  // native
  {
    name: 'generations: unknown field',
    path: '/v1/generations',
    body: json({ prompt: 'x', random_seed: 1 }),
    status: 400,
    param: 'random_seed',
  },
  {
    name: 'generations: bad size',
    path: '/v1/generations',
    body: json({ prompt: 'x', size: '1x1' }),
    status: 400,
    param: 'size',
  },
  {
    name: 'remix: extra field',
    path: '/v1/videos/gen_000001/remix',
    body: json({ prompt: 'x', seconds: '4' }),
    status: 400,
    param: 'seconds',
  },
];

describe('bad input matrix', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const headers: Record<string, string> = { ...h.authA };
      let body: BodyInit = testCase.body;
      if (typeof body === 'string') headers['content-type'] = testCase.contentType ?? 'application/json';
      if (body instanceof FormData) {
        // Serialise the form first (as a client on the wire would): undici's own FormData body stream
        // does not stop when the request is refused half-way.
        const encoded = new Response(body);
        headers['content-type'] = encoded.headers.get('content-type')!;
        body = await encoded.arrayBuffer();
      }
      const response = await h.app.request(testCase.path, { method: 'POST', headers, body });
      expect(response.status).toBe(testCase.status);
      const envelope = (await response.json()) as { error: Record<string, unknown> };
      expect(Object.keys(envelope.error)).toEqual(
        expect.arrayContaining(['message', 'type', 'param', 'code']),
      );
      expect(envelope.error.type).toBe('invalid_request_error');
      expect(typeof envelope.error.message).toBe('string');
      if (testCase.param !== undefined) expect(envelope.error.param).toBe(testCase.param);
      expect(envelope.error.code).toBe(testCase.code ?? 'invalid_request');
      expect(h.service.count('create')).toBe(0);
    });
  }

  it('refuses an oversized body while streaming, without Content-Length (413)', async () => {
    const chunk = new Uint8Array(16 * 1024).fill(120);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await h.app.request('/v1/videos/generations', {
      method: 'POST',
      headers: { ...h.authA, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    // The stream was stopped early, not read to the end.
    expect(sent).toBeLessThan(20);
    expect(h.service.count('create')).toBe(0);
  });

  it('refuses bad query parameters', async () => {
    for (const query of ['limit=101', 'limit=abc', 'order=sideways']) {
      const response = await h.app.request(`/v1/videos?${query}`, { headers: h.authA });
      expect(response.status, query).toBe(400);
    }
    const variant = await h.app.request('/v1/videos/gen_1/content?variant=poster', { headers: h.authA });
    expect(variant.status).toBe(400);
    expect(((await variant.json()) as { error: { param: string } }).error.param).toBe('variant');
    expect(h.service.count('list')).toBe(0);
  });

  it('answers unknown routes with the envelope', async () => {
    const response = await h.app.request('/v1/nothing', { headers: h.authA });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
