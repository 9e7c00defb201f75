/**
 * The engine end to end against the emulator, on either database: every fault the emulator can
 * inject, refusals, cancel, delete, account scoping, listing, ranges.
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ReelgateError } from '../../../src/core/errors.ts';
import { listSteps } from '../../../src/db/queries/generation-steps.ts';
import type { DbKind } from './databases.ts';
import { type Harness, startHarness } from './harness.ts';

async function sha256Of(stream: ReadableStream<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export function defineEngineSuite(kind: DbKind): void {
  describe(`engine on ${kind} against the emulator`, () => {
    let h: Harness;
    const account = 'acct_main';

    beforeAll(async () => {
      h = await startHarness({ db: kind });
    });
    afterAll(async () => {
      await h?.close();
    });

    async function run(
      prompt: string,
      extra: { durationSeconds?: number; resolution?: '720p' | '480p' } = {},
    ) {
      const created = await h.reelgate.service.create(account, {
        prompt,
        surface: 'generations',
        resolution: extra.resolution ?? '720p',
        durationSeconds: extra.durationSeconds ?? 4,
      });
      const final = await h.finished(created.id);
      return { created, final: final.generation, event: final.type };
    }

    function keyStats(id: string) {
      return h.emulator.stats().createCalls.byIdempotencyKey[`rg-${id}`];
    }

    test('a generation completes, the stored copy matches the provider byte for byte, warnings are reported', async () => {
      const { created, final, event } = await run('a lighthouse at dusk, slow dolly in', {
        durationSeconds: 5,
      });
      expect(created.status).toBe('queued');
      expect(created.warnings.join(' ')).toMatch(/duration 5 s .* using 8 s/);
      expect(event).toBe('generation:completed');
      expect(final.durationSeconds).toBe(8);
      expect(final.size).toBe('1280x720');
      expect(final.costUsd).toBeCloseTo(0.8, 5);
      expect(final.emulated).toBe(true);
      expect(final.video).not.toBeNull();
      const row = (
        await h.reelgate.db.query<{ provider_job_id: string }>(
          'SELECT provider_job_id FROM generations WHERE id = $1',
          [created.id],
        )
      ).rows[0]!;
      const client = new OpenAI({ apiKey: h.apiKey, baseURL: `${h.emulator.url}/v1` });
      const original = await sha256Of((await client.videos.downloadContent(row.provider_job_id)).body!);
      const ours = await sha256Of((await h.reelgate.service.openFile(account, created.id, 'video')).body);
      expect(ours).toEqual(original);
      expect(final.video?.sha256).toBe(original.sha256);
      expect(final.video?.bytes).toBe(original.bytes);
      expect(final.thumbnail?.contentType).toBe('image/webp');
      expect(keyStats(created.id)).toMatchObject({ calls: 1, jobs: 1 });
      const steps = await listSteps(h.reelgate.db, created.id);
      expect(steps.map((step) => step.to_state)).toEqual([
        'submitted',
        'running',
        'downloading',
        'stored',
        'completed',
      ]);
    });

    test('another account cannot see, list, download, cancel or delete it', async () => {
      const { created } = await run('a paper boat on a stream');
      const other = 'acct_other';
      expect(await h.reelgate.service.get(other, created.id)).toBeUndefined();
      expect((await h.reelgate.service.list(other, {})).data).toHaveLength(0);
      await expect(h.reelgate.service.openFile(other, created.id, 'video')).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(h.reelgate.service.cancel(other, created.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await h.reelgate.service.delete(other, created.id)).toBe(false);
      expect(await h.reelgate.service.get(account, created.id)).toBeDefined();
    });

    test('byte ranges of the stored copy', async () => {
      const { created, final } = await run('a spinning top on a table');
      const whole = await sha256Of((await h.reelgate.service.openFile(account, created.id, 'video')).body);
      const part = await h.reelgate.service.openFile(account, created.id, 'video', { start: 10, end: 109 });
      expect(part.range).toEqual({ start: 10, end: 109 });
      expect((await sha256Of(part.body)).bytes).toBe(100);
      expect(whole.bytes).toBe(final.video!.bytes);
      await expect(
        h.reelgate.service.openFile(account, created.id, 'video', { start: final.video!.bytes + 5 }),
      ).rejects.toMatchObject({ status: 416 });
    });

    test.each([
      ['http500', 'the create call answers 500: retried with the same key', 2],
      [
        'http500-after-create',
        'the job exists but the create answered 500: the retry returns the same job',
        2,
      ],
      ['http429', 'rate limited: Retry-After honoured, retried', 2],
    ])('create fault %s is survived (%s)', async (fault, _why, calls) => {
      const { created, final } = await run(`a kite over a beach [[fault:${fault}]]`);
      expect(final.status).toBe('completed');
      expect(keyStats(created.id)).toMatchObject({ calls, jobs: 1 });
    });

    test.each(['truncate', 'reset', 'slow-download'])(
      'download fault %s: retried, never stored incomplete',
      async (fault) => {
        const { created, final } = await run(`a windmill in a field [[fault:${fault}]]`);
        expect(final.status).toBe('completed');
        const stored = await sha256Of((await h.reelgate.service.openFile(account, created.id, 'video')).body);
        expect(stored.sha256).toBe(final.video!.sha256);
        expect(stored.bytes).toBe(final.video!.bytes);
        expect(keyStats(created.id)).toMatchObject({ jobs: 1 });
      },
    );

    test('a provider job that fails internally is retried once as a new job (new key)', async () => {
      const { created, final } = await run('a hot air balloon [[fault:fail]]');
      expect(final.status).toBe('completed');
      expect(final.warnings.join(' ')).toMatch(/retried as a new job/);
      expect(keyStats(created.id)).toMatchObject({ calls: 1, jobs: 1 });
      expect(h.emulator.stats().createCalls.byIdempotencyKey[`rg-${created.id}-job2`]).toMatchObject({
        jobs: 1,
      });
    });

    test('a job that keeps failing ends failed with a retryable provider error', async () => {
      const { final } = await run('a clock tower [[fault:fail:always]]');
      expect(final.status).toBe('failed');
      expect(final.error).toMatchObject({ code: 'provider_outage', retryable: true });
    });

    test('a content-policy refusal ends failed with input_refused, a hint, and no retry', async () => {
      const { created, final } = await run('taylor swift dancing on a stage');
      expect(final.status).toBe('failed');
      expect(final.error?.code).toBe('input_refused');
      expect(final.error?.retryable).toBe(false);
      expect(final.error?.hint).toMatch(/real people/);
      expect(keyStats(created.id)).toMatchObject({ calls: 1, jobs: 1 });
    });

    test('a result that expires before it is copied ends expired (result_expired)', async () => {
      const { final } = await run('a melting ice sculpture [[fault:expire]]');
      expect(final.status).toBe('expired');
      expect(final.error?.code).toBe('result_expired');
      await expect(h.reelgate.service.openFile(account, final.id, 'video')).rejects.toBeInstanceOf(
        ReelgateError,
      );
    });

    test('a job that never finishes ends timed_out at its deadline', async () => {
      const { created, final } = await run('a sleeping cat [[fault:hang]]');
      expect(final.status).toBe('failed');
      expect(final.error?.code).toBe('timed_out');
      expect(keyStats(created.id)).toMatchObject({ jobs: 1 });
    });

    test('cancel stops tracking; delete removes row and files and is idempotent', async () => {
      const created = await h.reelgate.service.create(account, {
        prompt: 'a long train ride',
        surface: 'videos',
        durationSeconds: 20,
      });
      const canceled = await h.reelgate.service.cancel(account, created.id);
      expect(canceled.status).toBe('canceled');
      const again = await h.reelgate.service.cancel(account, created.id);
      expect(again.status).toBe('canceled');
      await h.reelgate.worker.drain();
      expect((await h.reelgate.service.get(account, created.id))?.status).toBe('canceled');

      const { created: done, final } = await run('a tree in four seasons');
      const key = final.video!.key;
      expect(await h.reelgate.storage.head(key)).toBeDefined();
      expect(await h.reelgate.service.delete(account, done.id)).toBe(true);
      expect(await h.reelgate.storage.head(key)).toBeUndefined();
      expect(await h.reelgate.service.get(account, done.id)).toBeUndefined();
      expect(await h.reelgate.service.delete(account, done.id)).toBe(false);
    });

    test('bad input is refused before any provider call', async () => {
      const before = h.emulator.stats().createCalls.total;
      await expect(
        h.reelgate.service.create(account, { prompt: ' ', surface: 'generations' }),
      ).rejects.toMatchObject({ code: 'invalid_request', param: 'prompt' });
      await expect(
        h.reelgate.service.create(account, { prompt: 'x', surface: 'generations', durationSeconds: 601 }),
      ).rejects.toMatchObject({ code: 'invalid_request', param: 'duration' });
      await expect(
        h.reelgate.service.create(account, { prompt: 'x', surface: 'generations', resolution: '1080p' }),
      ).rejects.toMatchObject({ code: 'invalid_request', param: 'resolution' });
      await expect(
        h.reelgate.service.create(account, { prompt: 'x', surface: 'videos', size: '999x999' }),
      ).rejects.toMatchObject({ code: 'invalid_request', param: 'size' });
      await expect(
        h.reelgate.service.create(account, { prompt: 'x', surface: 'videos', model: 'nope' }),
      ).rejects.toMatchObject({ code: 'invalid_request', param: 'model' });
      expect(h.emulator.stats().createCalls.total).toBe(before);
    });

    test('list pages through an account by creation time', async () => {
      const fresh = 'acct_list';
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await h.reelgate.service.create(fresh, { prompt: `clip ${i}`, surface: 'videos' })).id);
      }
      const first = await h.reelgate.service.list(fresh, { limit: 2, order: 'asc' });
      expect(first.data.map((g) => g.id)).toEqual(ids.slice(0, 2));
      expect(first.hasMore).toBe(true);
      const second = await h.reelgate.service.list(fresh, { limit: 10, order: 'asc', after: ids[1] });
      expect(second.data.map((g) => g.id)).toEqual(ids.slice(2));
      expect(second.hasMore).toBe(false);
      for (const id of ids) await h.reelgate.service.cancel(fresh, id);
    });
  });
}
