/**
 * Storage selection in createReelgate: REELGATE_S3_* picks the S3-compatible store (here s3rver)
 * and the engine streams results into it; proxy delivery serves ranges through the gateway,
 * presigned delivery hands out direct URLs; without S3 settings files go to local disk; a
 * half-configured S3 stops start-up naming the missing variable. On PGlite there is no
 * cross-process relay (the in-process bus is enough).
 */
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { LocalDiskStorage } from '../../src/storage/local-disk.ts';
import { type RunningS3rver, startS3rver } from '../support/s3rver.ts';
import { tempDir } from './support/temp.ts';

let s3: RunningS3rver;
const opened: Reelgate[] = [];
const dirs: { remove(): Promise<void> }[] = [];

beforeAll(async () => {
  s3 = await startS3rver({ bucket: 'reelgate-select' });
});

afterAll(async () => {
  for (const reelgate of opened) await reelgate.close();
  await s3?.stop();
  for (const dir of dirs) await dir.remove();
});

async function open(env: Record<string, string>): Promise<Reelgate> {
  const dir = await tempDir('rg-select-');
  dirs.push(dir);
  const reelgate = await createReelgate(
    loadConfig({ REELGATE_DATA_DIR: dir.path, REELGATE_EMULATOR_SPEED: '1000', ...env }),
    { logger: pino({ level: 'silent' }), webhooks: false },
  );
  opened.push(reelgate);
  return reelgate;
}

async function completed(reelgate: Reelgate, prompt: string) {
  const created = await reelgate.service.create('acct_s3', { prompt, surface: 'videos' });
  const done = reelgate.events.next({
    generationId: created.id,
    types: ['generation:completed', 'generation:failed'],
  });
  const event = await done;
  expect(event.type).toBe('generation:completed');
  return event.generation;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('REELGATE_S3_* stores results in the bucket; proxy delivery serves ranges', async () => {
  const reelgate = await open({ ...s3.env });
  expect(reelgate.storage.kind).toBe('s3');
  expect(reelgate.files.delivery).toBe('proxy');
  expect(reelgate.relay).toBeUndefined();
  const generation = await completed(reelgate, 'a paper boat, stored in s3');
  const video = generation.video!;
  const whole = await bytesOf(await reelgate.storage.get(video.key));
  expect(whole.byteLength).toBe(video.bytes);
  expect(createHash('sha256').update(whole).digest('hex')).toBe(video.sha256);
  const range = await reelgate.service.openFile('acct_s3', generation.id, 'video', { start: 10, end: 99 });
  expect(await bytesOf(range.body)).toEqual(whole.subarray(10, 100));
  expect(await reelgate.service.fileUrl('acct_s3', generation.id, 'video')).toBeUndefined();
});

test('presigned delivery hands out direct, working URLs for completed files only', async () => {
  const reelgate = await open({ ...s3.env, REELGATE_VIDEO_DELIVERY: 'presigned' });
  expect(reelgate.files.delivery).toBe('presigned');
  const generation = await completed(reelgate, 'a paper boat, presigned');
  const url = await reelgate.service.fileUrl('acct_s3', generation.id, 'video');
  expect(url?.startsWith(`${s3.endpoint}/reelgate-select/`)).toBe(true);
  expect(url).toContain('X-Amz-Signature=');
  const body = Buffer.from(await (await fetch(url!)).arrayBuffer());
  expect(createHash('sha256').update(body).digest('hex')).toBe(generation.video!.sha256);
  // Another account's id reads like an unknown one.
  expect(await reelgate.service.fileUrl('acct_other', generation.id, 'video')).toBeUndefined();
});

test('without S3 settings files go to local disk, and presigned falls back to proxy', async () => {
  const reelgate = await open({ REELGATE_VIDEO_DELIVERY: 'presigned' });
  expect(reelgate.storage).toBeInstanceOf(LocalDiskStorage);
  expect(reelgate.files.delivery).toBe('proxy');
});

test('a half-configured S3 stops start-up naming the missing variable', () => {
  expect(() => loadConfig({ REELGATE_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/REELGATE_S3_BUCKET/);
});
