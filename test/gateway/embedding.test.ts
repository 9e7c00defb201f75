/**
 * The embedding examples of docs/embedding.md, run as written: the gateway's HTTP handler
 * mounted in a Hono app and in a Node `http` server next to the app's own route.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { start as startHono } from '../../examples/embed-hono.ts';
import { start as startNode } from '../../examples/embed-node-http.ts';

const root = join(import.meta.dirname, '..', '..');

describe.each([
  ['Hono app', 'embed-hono.ts', startHono],
  ['Node http server', 'embed-node-http.ts', startNode],
])('gateway inside a %s', (_name, file, start) => {
  it('serves the app route and the whole API, and the docs show the code as run', async () => {
    const docs = await readFile(join(root, 'docs', 'embedding.md'), 'utf8');
    expect(docs).toContain((await readFile(join(root, 'examples', file), 'utf8')).trim());

    const dataDir = await mkdtemp(join(tmpdir(), 'reelgate-embed-'));
    const running = await start({
      REELGATE_DATA_DIR: dataDir,
      REELGATE_API_KEYS: 'sk-embed-test',
      REELGATE_EMULATOR_SPEED: '1000',
      REELGATE_LOG_LEVEL: 'silent',
      PORT: '0',
    });
    try {
      expect(await (await fetch(`${running.url}/hello`)).text()).toBe('my app');
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      const headers = { authorization: 'Bearer sk-embed-test', 'content-type': 'application/json' };
      expect((await fetch(`${running.url}/v1/videos`)).status).toBe(401);
      const created = await fetch(`${running.url}/v1/videos`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ prompt: 'a paper boat on a river', seconds: '4' }),
      });
      expect(created.status).toBe(200);
      const video = (await created.json()) as { id: string; object: string };
      expect(video.object).toBe('video');
      const fetched = await fetch(`${running.url}/v1/videos/${video.id}`, { headers });
      expect(((await fetched.json()) as { id: string }).id).toBe(video.id);
    } finally {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
