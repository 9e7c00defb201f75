/**
 * Outbound safety on the real engine: the API's image_url inputs and the worker's download of
 * provider result URLs both go through the one guard (src/net/outbound-guard.ts). DNS is an
 * injected table and the transport is a spy, so nothing leaves the machine; a refused
 * destination must never reach the transport at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMp4 } from './helpers/counting-provider.ts';
import { type Gateway, jsonBody, keyA, startGateway } from './helpers/gateway.ts';

let gateway: Gateway;
const transportCalls: string[] = [];
/** What the spy transport answers, per URL (default: the video). */
const redirects = new Map<string, string>();

const spyFetch: typeof fetch = async (input) => {
  const url = input instanceof Request ? input.url : String(input);
  transportCalls.push(url);
  const location = redirects.get(url);
  if (location) return new Response(null, { status: 302, headers: { location } });
  return new Response(fakeMp4, {
    status: 200,
    headers: { 'content-type': 'video/mp4', 'content-length': String(fakeMp4.byteLength) },
  });
};

beforeAll(async () => {
  gateway = await startGateway({ overrides: { fetch: spyFetch } });
});
afterAll(async () => {
  await gateway?.close();
});

async function generationCount(): Promise<number> {
  const { rows } = await gateway.reelgate.db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM generations',
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Refused image URLs: by credentials, literal address, or what DNS says (the guard's reason is
 * in the error details); other schemes are already refused by the API's own parsing (null).
 */
const refusedImageUrls: Array<[string, string | null]> = [
  ['http://169.254.169.254/latest/meta-data/iam/', 'address_not_allowed'],
  ['https://169.254.169.254/x.png', 'address_not_allowed'],
  ['http://[fd00:ec2::254]/x.png', 'address_not_allowed'],
  ['http://10.0.0.1/frame.png', 'address_not_allowed'],
  ['http://192.168.1.1/frame.png', 'address_not_allowed'],
  ['http://127.0.0.1:8787/v1/account', 'address_not_allowed'],
  ['http://0x7f.1/frame.png', 'address_not_allowed'],
  ['http://2130706433/frame.png', 'address_not_allowed'],
  ['http://[::1]/frame.png', 'address_not_allowed'],
  ['http://[::ffff:169.254.169.254]/frame.png', 'address_not_allowed'],
  ['http://0.0.0.0/frame.png', 'address_not_allowed'],
  ['https://metadata.example/frame.png', 'address_not_allowed'],
  ['https://intranet.example/frame.png', 'address_not_allowed'],
  ['https://rebind.example/frame.png', 'address_not_allowed'],
  ['https://loopback.example/frame.png', 'address_not_allowed'],
  ['https://v6-loopback.example/frame.png', 'address_not_allowed'],
  ['https://unknown-host.example/frame.png', 'dns_failed'],
  ['https://user:secret@images.example/frame.png', 'credentials_in_url'],
  ['file:///etc/passwd', null],
  ['ftp://images.example/frame.png', null],
  ['gopher://images.example/frame.png', null],
];

describe('image_url inputs pass the outbound guard before anything is accepted', () => {
  it.each(refusedImageUrls)(
    'POST /v1/generations refuses %s (guard reason: %s) with a 400 and no generation',
    async (url, reason) => {
      const before = await generationCount();
      const calls = transportCalls.length;
      const response = await gateway.app.request(
        '/v1/generations',
        jsonBody({ prompt: 'a lighthouse', image_url: url }, gateway.auth()),
      );
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_request', param: 'image_url' });
      if (reason) expect((body.error.details as { reason?: string } | undefined)?.reason).toBe(reason);
      expect(await generationCount()).toBe(before);
      expect(transportCalls.length).toBe(calls);
    },
  );

  it('refuses the same through the OpenAI surface (JSON and multipart brackets)', async () => {
    const before = await generationCount();
    const json = await gateway.app.request(
      '/v1/videos',
      jsonBody(
        { prompt: 'a lighthouse', input_reference: { image_url: 'http://169.254.169.254/latest/' } },
        gateway.auth(),
      ),
    );
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { param: string } }).error.param).toBe(
      'input_reference.image_url',
    );
    const form = new FormData();
    form.set('prompt', 'a lighthouse');
    form.set('input_reference[image_url]', 'https://intranet.example/frame.png');
    const multipart = await gateway.app.request('/v1/videos', {
      method: 'POST',
      headers: gateway.auth(),
      body: form,
    });
    expect(multipart.status).toBe(400);
    expect(((await multipart.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect(await generationCount()).toBe(before);
  });

  it('accepts a public image URL and a data: URL (control: the guard is not refusing everything)', async () => {
    const ok = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'a lighthouse', image_url: 'https://images.example/frame.png' }, gateway.auth()),
    );
    expect(ok.status).toBe(200);
    const id = ((await ok.json()) as { id: string }).id;
    await gateway.finished(id);
    expect(gateway.provider.startedGenerationIds().has(id)).toBe(true);
  });
});

describe('the worker downloads provider result URLs through the guard', () => {
  async function runWithResult(resultUrl: string): Promise<{ state: string; code: string | null }> {
    gateway.provider.resultUrl = resultUrl;
    try {
      const created = await gateway.app.request(
        '/v1/generations',
        jsonBody({ prompt: `download ${resultUrl}` }, gateway.auth(keyA)),
      );
      expect(created.status).toBe(200);
      const id = ((await created.json()) as { id: string }).id;
      const final = await gateway.finished(id);
      return { state: final.generation.state, code: final.generation.error?.code ?? null };
    } finally {
      gateway.provider.resultUrl = undefined;
    }
  }

  it('downloads a public result URL (control) through the transport', async () => {
    const calls = transportCalls.length;
    const result = await runWithResult('https://cdn.provider.example/results/v1.mp4');
    expect(result).toEqual({ state: 'completed', code: null });
    expect(transportCalls.slice(calls)).toEqual(['https://cdn.provider.example/results/v1.mp4']);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/video.mp4',
    'https://metadata.example/video.mp4',
    'https://rebind.example/video.mp4',
    'http://[::1]:8787/video.mp4',
    'file:///etc/passwd',
  ])('refuses a result at %s before connecting; the generation fails, nothing is stored', async (url) => {
    const calls = transportCalls.length;
    const result = await runWithResult(url);
    expect(result.state).toBe('failed');
    expect(result.code).toBe('download_failed');
    expect(transportCalls.length).toBe(calls);
  });

  it('re-checks every redirect hop: a public URL redirecting to a private one is refused', async () => {
    redirects.set('https://cdn.provider.example/redirect.mp4', 'http://169.254.169.254/latest/meta-data/');
    const calls = transportCalls.length;
    const result = await runWithResult('https://cdn.provider.example/redirect.mp4');
    expect(result.state).toBe('failed');
    expect(result.code).toBe('download_failed');
    // Only the public first hop reached the transport.
    expect(transportCalls.slice(calls)).toEqual(['https://cdn.provider.example/redirect.mp4']);
  });
});
