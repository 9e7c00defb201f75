/**
 * A development stand-in for the studio: the real HTTP API (`createHttpApp`) over an in-memory
 * GenerationService that "makes" a tiny MP4 with ffmpeg after a few seconds, refuses prompts
 * naming real people, and emits events. For working on the UI before/without the engine:
 *   node test/e2e/support/dev-server.ts   (PORT=8790, keys dev-key-a, dev-key-b)
 * The end-to-end tests themselves run against the real `reelgate serve`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Account, AccountStore } from '../../../src/auth/account.ts';
import { ReelgateError } from '../../../src/core/errors.ts';
import type {
  Generation,
  GenerationEvent,
  GenerationService,
  OpenedFile,
} from '../../../src/core/generation.ts';
import { createHttpApp } from '../../../src/http/app.ts';

const dir = mkdtempSync(join(tmpdir(), 'rg-dev-'));
const videoPath = join(dir, 'clip.mp4');
const thumbPath = join(dir, 'thumb.jpg');
execFileSync('ffmpeg', [
  ...['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24:duration=4'],
  ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast'],
  ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', '-shortest', videoPath],
]);
execFileSync('ffmpeg', ['-loglevel', 'error', '-i', videoPath, '-frames:v', '1', '-q:v', '4', thumbPath]);
const video = readFileSync(videoPath);
const thumb = readFileSync(thumbPath);

const accounts = new Map<string, Account>();
for (const key of ['dev-key-a', 'dev-key-b'])
  accounts.set(key, {
    id: `acct_${key}`,
    name: key,
    isAdmin: false,
    budgetUsd: 10,
    spentUsd: 0,
    concurrencyLimit: null,
    policyCheck: true,
    createdAt: Date.now(),
  });
const accountStore = {
  authenticate: async (key: string) => accounts.get(key),
  getAccount: async (id: string) => [...accounts.values()].find((a) => a.id === id),
} as unknown as AccountStore;

const rows = new Map<string, Generation>();
const listeners = new Set<{
  filter: { accountId: string; generationId?: string };
  fn: (e: GenerationEvent) => void;
}>();
let counter = 0;

function emit(type: GenerationEvent['type'], generation: Generation) {
  for (const l of listeners)
    if (
      l.filter.accountId === generation.accountId &&
      (!l.filter.generationId || l.filter.generationId === generation.id)
    )
      l.fn({ type, generation, at: Date.now() });
}

function update(g: Generation, patch: Partial<Generation>, type: GenerationEvent['type']) {
  Object.assign(g, patch, { updatedAt: Date.now() });
  emit(type, g);
}

const service: GenerationService = {
  async create(accountId, input) {
    const now = Date.now();
    const duration = input.durationSeconds ?? 4;
    const g: Generation = {
      id: `gen_dev${String(++counter).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`,
      accountId,
      state: 'accepted',
      status: 'queued',
      model: `emulator:${input.model ?? 'sora-2'}`,
      provider: 'emulator',
      requested: {
        model: input.model ?? null,
        resolution: input.resolution ?? null,
        size: input.size ?? null,
        durationSeconds: input.durationSeconds ?? null,
        surface: input.surface,
      },
      prompt: input.prompt,
      size: input.size ?? '1280x720',
      resolution: input.resolution ?? '720p',
      durationSeconds: duration,
      warnings: duration % 4 ? [`duration ${duration}s rounded up to ${Math.ceil(duration / 4) * 4}s`] : [],
      progress: 0,
      queuePosition: 1,
      etaMs: now + 6000,
      error: null,
      costUsd: Math.round(duration * 0.1 * 100) / 100,
      video: null,
      thumbnail: null,
      parentId: input.parentId ?? null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      emulated: true,
    };
    rows.set(g.id, g);
    setTimeout(() => emit('generation:accepted', g), 0);
    let step = 0;
    const timer = setInterval(() => {
      step++;
      if (/taylor swift|obama|elon musk/i.test(g.prompt) && step === 2) {
        clearInterval(timer);
        update(
          g,
          {
            state: 'failed',
            status: 'failed',
            error: {
              code: 'input_refused',
              message: 'The provider refused the prompt: it names a real public figure.',
              retryable: false,
            },
            completedAt: Date.now(),
          },
          'generation:failed',
        );
        return;
      }
      if (step < 8) {
        update(
          g,
          { state: 'running', status: 'running', queuePosition: null, progress: step * 12 },
          'generation:progress',
        );
        return;
      }
      clearInterval(timer);
      update(
        g,
        {
          state: 'completed',
          status: 'completed',
          progress: 100,
          completedAt: Date.now(),
          video: { key: 'v', bytes: video.length, sha256: 'x', contentType: 'video/mp4' },
          thumbnail: { key: 't', bytes: thumb.length, sha256: 'x', contentType: 'image/jpeg' },
        },
        'generation:completed',
      );
    }, 700);
    return g;
  },
  async get(accountId, id) {
    const g = rows.get(id);
    return g && g.accountId === accountId ? g : undefined;
  },
  async list(accountId, query) {
    let all = [...rows.values()]
      .filter((g) => g.accountId === accountId)
      .sort((a, b) => b.createdAt - a.createdAt);
    if (query.status) all = all.filter((g) => g.status === query.status);
    if (query.model) all = all.filter((g) => g.model.endsWith(query.model!));
    if (query.after) all = all.slice(all.findIndex((g) => g.id === query.after) + 1);
    const limit = query.limit ?? 20;
    return { data: all.slice(0, limit), hasMore: all.length > limit };
  },
  async cancel(accountId, id) {
    const g = await this.get(accountId, id);
    if (!g) throw new ReelgateError({ code: 'not_found', message: 'No generation found with that id.' });
    return g;
  },
  async delete(accountId, id) {
    const g = await this.get(accountId, id);
    if (!g) return false;
    rows.delete(id);
    emit('generation:deleted', g);
    return true;
  },
  async openFile(accountId, id, variant, range): Promise<OpenedFile> {
    const g = await this.get(accountId, id);
    if (!g) throw new ReelgateError({ code: 'not_found', message: 'No generation found with that id.' });
    const bytes = variant === 'video' ? video : thumb;
    const start = range?.start ?? 0;
    const end = range?.end ?? bytes.length - 1;
    const slice = bytes.subarray(start, end + 1);
    return {
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(slice));
          controller.close();
        },
      }),
      bytes: bytes.length,
      contentType: variant === 'video' ? 'video/mp4' : 'image/jpeg',
      ...(range ? { range: { start, end } } : {}),
    };
  },
  subscribe(filter, fn) {
    const entry = { filter, fn };
    listeners.add(entry);
    return () => listeners.delete(entry);
  },
};

const app = createHttpApp({
  service,
  accounts: accountStore,
  config: { signingSecret: 'dev-secret', emulated: true },
});
const port = Number(process.env.PORT ?? 8790);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`dev server on http://127.0.0.1:${info.port} (keys dev-key-a, dev-key-b)`);
});
