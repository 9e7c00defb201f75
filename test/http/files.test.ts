/** File serving: Range (206/416), content types, signed links (no header; tampering refused). */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../../src/http/range.ts';
import { signFileLink } from '../../src/shared/signed-links.ts';
import { createHarness, fakeMp4, type Harness, signingSecret } from './fakes/harness.ts';

let h: Harness;
let id: string;
let url: string;
const video = fakeMp4(10_000);
const spritesheet = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]);

beforeAll(async () => {
  h = await createHarness();
  const created = await h.app.request('/v1/videos/generations', {
    method: 'POST',
    headers: { ...h.authA, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'seek me' }),
  });
  id = ((await created.json()) as { id: string }).id;
  h.service.complete(id, { video, spritesheet });
  const poll = (await (await h.app.request(`/v1/videos/generations/${id}`, { headers: h.authA })).json()) as {
    data: { url: string };
  };
  url = poll.data.url;
});

describe('parseRange', () => {
  it('parses the forms <video> and download tools send', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ kind: 'range', start: 990, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-1,5-6', 1000)).toEqual({ kind: 'none' });
    expect(parseRange('items=0-1', 1000)).toEqual({ kind: 'none' });
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'none' });
  });
});

describe('signed links', () => {
  it('serve the whole file with length, type and Accept-Ranges', async () => {
    const response = await h.app.request(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(video.length));
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(video);
  });

  it('serve byte ranges with 206 and Content-Range', async () => {
    for (const [header, start, end] of [
      ['bytes=0-0', 0, 0],
      ['bytes=5000-', 5000, 9999],
      ['bytes=-10', 9990, 9999],
      ['bytes=100-199', 100, 199],
    ] as const) {
      const response = await h.app.request(url, { headers: { range: header } });
      expect(response.status, header).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${video.length}`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(video.slice(start, end + 1));
    }
    const openCall = h.service.calls.filter((call) => call.method === 'openFile').at(-1)!;
    expect(openCall.args[3]).toEqual({ start: 100, end: 199 });
  });

  it('answer 416 with Content-Range */size for unsatisfiable ranges', async () => {
    const response = await h.app.request(url, { headers: { range: `bytes=${video.length}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${video.length}`);
    const authed = await h.app.request(`/v1/videos/${id}/content`, {
      headers: { ...h.authA, range: 'bytes=20000-20001' },
    });
    expect(authed.status).toBe(416);
  });

  it('refuse tampered, moved or missing signatures (403)', async () => {
    const parsed = new URL(url);
    const sig = parsed.searchParams.get('sig')!;
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    const attempts = [
      `/files/${id}/video?sig=${encodeURIComponent(flipped)}`,
      `/files/${id}/video`,
      `/files/${id}/thumbnail?sig=${encodeURIComponent(sig)}`, // signed for another variant
      `/files/gen_999999/video?sig=${encodeURIComponent(sig)}`, // signed for another id
      // the right MAC but claiming another account
      `/files/${id}/video?sig=${Buffer.from(h.accountB).toString('base64url')}.${sig.split('.')[1]}`,
    ];
    for (const path of attempts) {
      const response = await h.app.request(path);
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('stop working once the video is deleted', async () => {
    const created = await h.app.request('/v1/generations', {
      method: 'POST',
      headers: { ...h.authA, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'temporary' }),
    });
    const temp = ((await created.json()) as { id: string }).id;
    h.service.complete(temp, { video: fakeMp4(100) });
    const link = `/files/${temp}/video?sig=${signFileLink(signingSecret, h.accountA, temp, 'video')}`;
    expect((await h.app.request(link)).status).toBe(200);
    expect(
      (await h.app.request(`/v1/generations/${temp}`, { method: 'DELETE', headers: h.authA })).status,
    ).toBe(200);
    expect((await h.app.request(link)).status).toBe(404);
  });

  it('serve the spritesheet (size learned from the file) with ranges', async () => {
    const whole = await h.app.request(`/v1/videos/${id}/content?variant=spritesheet`, { headers: h.authA });
    expect(whole.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(spritesheet);
    const part = await h.app.request(`/v1/videos/${id}/content?variant=spritesheet`, {
      headers: { ...h.authA, range: 'bytes=2-3' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-3/${spritesheet.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(spritesheet.slice(2, 4));
  });

  it('refuse content of an unfinished video and 404 a missing thumbnail', async () => {
    const created = await h.app.request('/v1/videos', {
      method: 'POST',
      headers: { ...h.authA, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'not yet' }),
    });
    const pending = ((await created.json()) as { id: string }).id;
    expect((await h.app.request(`/v1/videos/${pending}/content`, { headers: h.authA })).status).toBe(400);
    expect(
      (await h.app.request(`/v1/videos/${id}/content?variant=thumbnail`, { headers: h.authA })).status,
    ).toBe(404);
  });
});

describe('HEAD on files', () => {
  it('answers headers only and releases the opened file', async () => {
    const response = await h.app.request(url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(video.length));
    expect(response.body).toBeNull();
  });
});
