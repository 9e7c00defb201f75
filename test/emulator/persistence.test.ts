/**
 * An emulator started with a jobs file keeps its jobs across a restart (a real provider keeps
 * its jobs while the caller restarts): jobs in flight finish at their planned time with their
 * planned outcome, their media are served, ended jobs announce their end (webhook) once, and
 * a torn last line (killed mid-write) is skipped.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { createEmulatorApp, type EmulatorApp } from '../../src/emulator/app.ts';
import type { EmulatorOptions } from '../../src/emulator/options.ts';

let dir: string;
let apps: EmulatorApp[] = [];
const clock = new FakeClock(Date.UTC(2026, 11, 4, 9));
const cacheDir = join(tmpdir(), 'reelgate-emulator-test-cache');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rg-emulator-jobs-'));
});

afterEach(async () => {
  for (const app of apps) await app.core.close();
  apps = [];
  await rm(dir, { recursive: true, force: true });
});

function open(extra: EmulatorOptions = {}): EmulatorApp {
  const app = createEmulatorApp({
    clock,
    speed: 100,
    seed: 3,
    dataDir: cacheDir,
    jobsFile: join(dir, 'jobs.jsonl'),
    ...extra,
  });
  apps.push(app);
  return app;
}

const auth = { authorization: 'Bearer k', 'content-type': 'application/json' };

async function createVideo(app: EmulatorApp, prompt: string): Promise<{ id: string }> {
  const response = await app.request('/v1/videos', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ prompt, seconds: '4', size: '720x1280' }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string };
}

async function video(app: EmulatorApp, id: string) {
  const response = await app.request(`/v1/videos/${id}`, { headers: auth });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it('finds jobs made before a restart, with their timing and outcome, and serves their media', async () => {
  const first = open();
  const ok = await createVideo(first, 'a paper boat on a rainy street');
  const failing = await createVideo(first, 'a lighthouse [[fault:fail]]');
  const hanging = await createVideo(first, 'a clock tower [[fault:hang]]');
  const before = (await video(first, ok.id)).body;
  // The process dies: nothing is flushed or closed on purpose.
  apps = apps.filter((app) => app !== first);
  void first.core.close();

  await clock.advance(60_000);
  const second = open();
  const restored = await video(second, ok.id);
  expect(restored.status).toBe(200);
  expect(restored.body).toMatchObject({ id: ok.id, status: 'completed', created_at: before.created_at });
  expect((await video(second, failing.id)).body).toMatchObject({
    status: 'failed',
    error: { code: 'internal_error' },
  });
  expect((await video(second, hanging.id)).body).toMatchObject({ status: 'in_progress' });
  const content = await second.request(`/v1/videos/${ok.id}/content`, { headers: auth });
  expect(content.status).toBe(200);
  expect(content.headers.get('content-type')).toBe('video/mp4');
  expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  const list = (await (await second.request('/v1/videos?limit=10', { headers: auth })).json()) as {
    data: Array<{ id: string }>;
  };
  expect(list.data.map((item) => item.id).sort()).toEqual([ok.id, failing.id, hanging.id].sort());
  expect(second.core.stats.snapshot().jobsCreated.total).toBe(0);
  const stats = (await (await second.request('/_emulator/stats')).json()) as {
    jobsStored: { total: number };
  };
  expect(stats.jobsStored.total).toBe(3);
}, 60_000);

it('a job in flight at the restart ends on schedule and its webhook is sent once', async () => {
  const delivered: string[] = [];
  const fetchHook = (async (_url: string | URL | Request, init?: RequestInit) => {
    delivered.push(String(init?.body));
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  const hooks = {
    webhookUrl: 'http://127.0.0.1:9/hook',
    webhookSecret: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=',
    fetch: fetchHook,
  };
  const first = open(hooks);
  const early = await createVideo(first, 'a quick fox');
  // Let the first job end (and announce it) before the crash.
  await clock.advance(10 * 60_000);
  expect(delivered.filter((body) => body.includes(early.id))).toHaveLength(1);
  const inFlight = await createVideo(first, 'a slow tortoise');
  expect((await video(first, inFlight.id)).body.status).not.toBe('completed');
  apps = apps.filter((app) => app !== first);
  void first.core.close();

  const second = open(hooks);
  expect(second.core.stats.snapshot().jobsRestored.total).toBe(1);
  await clock.advance(10 * 60_000);
  expect((await video(second, inFlight.id)).body.status).toBe('completed');
  expect(delivered.filter((body) => body.includes(inFlight.id))).toHaveLength(1);
  // The job that had already announced its end is not announced again.
  expect(delivered.filter((body) => body.includes(early.id))).toHaveLength(1);
}, 60_000);

it('skips a torn last line and keeps jobs deleted before the restart deleted', async () => {
  const first = open();
  const kept = await createVideo(first, 'a kept video');
  const removed = await createVideo(first, 'a removed video');
  await clock.advance(10 * 60_000);
  const deleted = await first.request(`/v1/videos/${removed.id}`, { method: 'DELETE', headers: auth });
  expect(deleted.status).toBe(200);
  apps = apps.filter((app) => app !== first);
  void first.core.close();
  await appendFile(join(dir, 'jobs.jsonl'), '{"id":"video_torn","face":"op');

  const second = open();
  expect((await video(second, kept.id)).status).toBe(200);
  expect((await video(second, removed.id)).status).toBe(404);
  const compacted = (await readFile(join(dir, 'jobs.jsonl'), 'utf8')).trim().split('\n');
  expect(compacted).toHaveLength(2);
});

it('--jobs-file / REELGATE_EMULATOR_JOBS_FILE set the jobs file', async () => {
  const { emulatorOptionsFromEnv } = await import('../../src/emulator/config.ts');
  expect(emulatorOptionsFromEnv({ REELGATE_EMULATOR_JOBS_FILE: '/tmp/j.jsonl' }).jobsFile).toBe(
    '/tmp/j.jsonl',
  );
  expect(emulatorOptionsFromEnv({}, { 'jobs-file': '/tmp/k.jsonl' }).jobsFile).toBe('/tmp/k.jsonl');
});
