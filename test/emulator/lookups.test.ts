/** The lookup endpoints the real APIs have, with their wire shapes: Replicate's paged list and fal's request history. */
import { afterEach, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { createEmulatorApp, type EmulatorApp } from '../../src/emulator/app.ts';

const clock = new FakeClock(Date.UTC(2026, 11, 4, 10));
let app: EmulatorApp;

afterEach(async () => {
  await app?.core.close();
});

function open() {
  app = createEmulatorApp({ clock, speed: 100, seed: 2 });
  return app;
}

const json = { 'content-type': 'application/json' };

it('Replicate lists predictions newest first, 100 a page, with next/previous cursor URLs', async () => {
  open();
  const headers = { ...json, authorization: 'Bearer k' };
  const ids: string[] = [];
  for (let i = 0; i < 105; i++) {
    const response = await app.request('/replicate/v1/models/minimax/hailuo-02/predictions', {
      method: 'POST',
      headers,
      body: JSON.stringify({ input: { prompt: `kite ${i}` } }),
    });
    ids.push(((await response.json()) as { id: string }).id);
    await clock.advance(10);
  }
  const first = (await (await app.request('/replicate/v1/predictions', { headers })).json()) as {
    next: string | null;
    previous: string | null;
    results: Array<{ id: string; input: { prompt: string }; created_at: string; urls: { get: string } }>;
  };
  expect(first.results).toHaveLength(100);
  expect(first.results[0]!.id).toBe(ids[104]);
  expect(first.results[0]!.input.prompt).toBe('kite 104');
  expect(first.results[0]!.urls.get).toMatch(/\/replicate\/v1\/predictions\/[a-z0-9]+$/);
  expect(first.previous).toBeNull();
  const next = new URL(first.next!);
  const second = (await (
    await app.request(`${next.pathname}${next.search}`, { headers })
  ).json()) as typeof first;
  expect(second.results.map((item) => item.id)).toEqual(ids.slice(0, 5).reverse());
  expect(second.next).toBeNull();
  expect(second.previous).toContain('cursor=');
  const bad = await app.request('/replicate/v1/predictions?cursor=nonsense', { headers });
  expect(bad.status).toBe(400);
});

it("fal's request history lists ended requests of an endpoint, with payloads on request", async () => {
  open();
  const headers = { ...json, authorization: 'Key k' };
  const endpoint = 'fal-ai/kling-video/v2.1/master/text-to-video';
  const submit = async (prompt: string) => {
    const response = await app.request(`/fal/${endpoint}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ prompt, duration: '5' }),
    });
    return ((await response.json()) as { request_id: string }).request_id;
  };
  const done = await submit('a finished fox');
  const failed = await submit('a failing fox [[fault:fail]]');
  const hanging = await submit('a hanging fox [[fault:hang]]');
  await clock.advance(30 * 60_000);
  const list = async (query: string) => {
    const response = await app.request(`/fal/v1/models/requests/by-endpoint?${query}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  expect((await list('')).status).toBe(422);
  const all = await list(`endpoint_id=${endpoint}&expand=payloads`);
  expect(all.status).toBe(200);
  const items = all.body.items as Array<Record<string, unknown>>;
  expect(items.map((item) => item.request_id).sort()).toEqual([done, failed].sort());
  expect(items.map((item) => item.request_id)).not.toContain(hanging);
  const doneItem = items.find((item) => item.request_id === done)!;
  expect(doneItem).toMatchObject({
    endpoint_id: endpoint,
    status_code: 200,
    json_input: { prompt: 'a finished fox', duration: '5' },
    json_output: { video: { content_type: 'video/mp4' } },
  });
  for (const field of ['sent_at', 'started_at', 'ended_at'])
    expect(Date.parse(String(doneItem[field]))).not.toBeNaN();
  expect(all.body).toMatchObject({ has_more: false, next_cursor: null });
  // Without expand: no payloads; status filter; one per page with a cursor.
  const bare = (await list(`endpoint_id=${endpoint}`)).body.items as Array<Record<string, unknown>>;
  expect(bare[0]).not.toHaveProperty('json_input');
  const errors = (await list(`endpoint_id=${endpoint}&status=error`)).body.items as Array<{
    request_id: string;
  }>;
  expect(errors.map((item) => item.request_id)).toEqual([failed]);
  const page1 = await list(`endpoint_id=${endpoint}&limit=1`);
  expect(page1.body).toMatchObject({ has_more: true, next_cursor: 'Mg==' });
  const page2 = await list(`endpoint_id=${endpoint}&limit=1&cursor=Mg==`);
  expect((page2.body.items as unknown[]).length).toBe(1);
  expect(page2.body.has_more).toBe(false);
  // Another endpoint, or a window after they ended: nothing.
  expect(((await list('endpoint_id=fal-ai/other/model')).body.items as unknown[]).length).toBe(0);
  const later = new Date(clock.now() + 60_000).toISOString();
  expect(
    ((await list(`endpoint_id=${endpoint}&start=${later}&end=${later}`)).body.items as unknown[]).length,
  ).toBe(0);
});
