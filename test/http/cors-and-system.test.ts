import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from './fakes/harness.ts';

describe('CORS', () => {
  it('allows only configured origins', async () => {
    const h = await createHarness({ config: { corsOrigins: ['https://studio.example'] } });
    const allowed = await h.app.request('/v1/videos', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://studio.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://studio.example');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

    const simple = await h.app.request('/v1/account', {
      headers: { ...h.authA, origin: 'https://studio.example' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://studio.example');
    expect(simple.headers.get('access-control-expose-headers')).toContain('Content-Range');

    const denied = await h.app.request('/v1/videos', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const deniedGet = await h.app.request('/v1/account', {
      headers: { ...h.authA, origin: 'https://evil.example' },
    });
    expect(deniedGet.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no cross-origin access by default', async () => {
    const h = await createHarness();
    const response = await h.app.request('/healthz', { headers: { origin: 'https://studio.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('system routes', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('answers health, readiness, metrics and the webhook hook', async () => {
    let ready = false;
    const received: { provider: string; body: string; signature: string | null }[] = [];
    const h = await createHarness({
      deps: {
        readiness: async () => ready,
        metrics: { render: () => 'reelgate_generations_total 3\n' },
        providerWebhooks: {
          handle: async (provider, headers, rawBody) => {
            received.push({ provider, body: rawBody, signature: headers.get('webhook-signature') });
            return { status: 202 };
          },
        },
      },
    });
    expect((await h.app.request('/healthz')).status).toBe(200);
    expect((await h.app.request('/readyz')).status).toBe(503);
    ready = true;
    expect((await h.app.request('/readyz')).status).toBe(200);
    const metrics = await h.app.request('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toBe('reelgate_generations_total 3\n');
    const raw = '{"id":"evt_1",  "type":"video.completed"}';
    const hook = await h.app.request('/webhooks/providers/openai', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-signature': 'v1,abc' },
      body: raw,
    });
    expect(hook.status).toBe(202);
    expect(received).toEqual([{ provider: 'openai', body: raw, signature: 'v1,abc' }]);
  });

  it('serves a docs-linking page at / without a studio build, and the studio with SPA fallback when built', async () => {
    const plain = await createHarness();
    const home = await plain.app.request('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('/docs');

    const dist = await mkdtemp(join(tmpdir(), 'reelgate-web-'));
    dirs.push(dist);
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root">studio</div>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const h = await createHarness({ config: { webDistDir: dist } });
    expect(await (await h.app.request('/')).text()).toContain('studio');
    const asset = await h.app.request('/assets/app.js');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(await (await h.app.request('/generations/gen_1')).text()).toContain('studio');
    expect((await h.app.request('/assets/missing.js')).status).toBe(404);
    expect((await h.app.request('/..%2f..%2f..%2fetc%2fhostname.txt')).status).toBe(404);
    expect((await h.app.request('/v1/unknown', { headers: h.authA })).status).toBe(404);
  });
});
