/**
 * What a write killed mid-way (SIGKILL during a download) leaves in storage is removed at
 * start-up: local-disk temporary files (a real child process is killed mid-write), and
 * unfinished S3 multipart uploads (a hand-written S3 client for ListMultipartUploads, which
 * s3rver does not implement; against s3rver the store says it cannot list them).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate } from '../../src/app/reelgate.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { openDatabase } from '../../src/db/open.ts';
import { LocalDiskStorage } from '../../src/storage/local-disk.ts';
import { createS3Storage, loadS3StorageConfig } from '../../src/storage/s3.ts';
import { type RunningS3rver, startS3rver } from '../support/s3rver.ts';

const dirs: string[] = [];
let s3rver: RunningS3rver | undefined;

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await s3rver?.stop();
});

async function* bytes(...values: number[]): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(values);
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rg-leftovers-'));
  dirs.push(dir);
  return dir;
}

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Starts a write in a child process and SIGKILLs it once the temporary file exists. */
async function killMidWrite(root: string, key: string): Promise<void> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures', 'slow-put.ts'), root, key], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('writing')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

it('a write killed with SIGKILL leaves a temporary file; removeLeftovers deletes it and nothing else', async () => {
  const root = await tempDir();
  const storage = new LocalDiskStorage(root);
  await storage.put('gen_a/video.mp4', bytes(1, 2, 3), { contentType: 'video/mp4' });
  await killMidWrite(root, 'gen_b/video.mp4');
  const before = await files(root);
  expect(before.filter((name) => /\.tmp-[0-9a-f]{12}$/.test(name))).toHaveLength(1);

  // A fresh temporary file (a write another process has in progress) survives a grace period.
  expect(await storage.removeLeftovers({ olderThanMs: 60_000 })).toEqual({ removed: 0, supported: true });
  expect(await storage.removeLeftovers({ olderThanMs: 0, now: Date.now() + 1 })).toEqual({
    removed: 1,
    supported: true,
  });
  expect(await files(root)).toEqual(['gen_a/video.mp4', 'gen_a/video.mp4.meta']);
  expect(await storage.head('gen_a/video.mp4')).toEqual({ bytes: 3, contentType: 'video/mp4' });
}, 30_000);

it('removes a content-type sidecar whose file never got its final name, once old enough', async () => {
  const root = await tempDir();
  const storage = new LocalDiskStorage(root);
  await storage.put('gen_a/video.mp4', bytes(1), { contentType: 'video/mp4' });
  await writeFile(join(root, 'gen_a', 'thumb.jpg.meta'), '{"contentType":"image/jpeg"}');
  const old = new Date(Date.now() - 7_200_000);
  await utimes(join(root, 'gen_a', 'thumb.jpg.meta'), old, old);
  expect(await storage.removeLeftovers({ olderThanMs: 3_600_000 })).toEqual({ removed: 1, supported: true });
  expect(await files(root)).toEqual(['gen_a/video.mp4', 'gen_a/video.mp4.meta']);
});

it('the gateway on its embedded database removes the leftovers at start-up', async () => {
  const dataDir = await tempDir();
  await killMidWrite(join(dataDir, 'files'), 'gen_c/video.mp4');
  expect((await files(join(dataDir, 'files'))).some((name) => name.includes('.tmp-'))).toBe(true);
  const db = await openDatabase({});
  const reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    db,
    logger: pino({ level: 'silent' }),
  });
  try {
    expect(await reelgate.storageCleanup).toEqual({ removed: 1, supported: true });
    expect(await files(join(dataDir, 'files'))).toEqual([]);
  } finally {
    await reelgate.close();
    await db.close();
  }
}, 60_000);

it('S3: aborts unfinished multipart uploads under the prefix older than the grace period, page by page', async () => {
  const clock = new FakeClock(Date.UTC(2026, 11, 4, 12));
  const hoursAgo = (hours: number) => new Date(clock.now() - hours * 3_600_000);
  // Two pages of unfinished uploads, as ListMultipartUploads answers them.
  const pages = [
    {
      Uploads: [
        { Key: 'videos/gen_1/video.mp4', UploadId: 'u1', Initiated: hoursAgo(3) },
        { Key: 'videos/gen_2/video.mp4', UploadId: 'u2', Initiated: hoursAgo(0.1) },
      ],
      IsTruncated: true,
      NextKeyMarker: 'videos/gen_2/video.mp4',
      NextUploadIdMarker: 'u2',
    },
    {
      Uploads: [{ Key: 'videos/gen_3/video.mp4', UploadId: 'u3', Initiated: hoursAgo(26) }],
      IsTruncated: false,
    },
  ];
  const listed: unknown[] = [];
  const aborted: unknown[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof ListMultipartUploadsCommand) {
        listed.push(command.input);
        return pages[listed.length - 1];
      }
      if (command instanceof AbortMultipartUploadCommand) {
        aborted.push(command.input);
        return {};
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
    destroy() {},
  } as unknown as S3Client;
  const config = loadS3StorageConfig({
    REELGATE_S3_BUCKET: 'b',
    REELGATE_S3_PREFIX: 'videos',
    REELGATE_S3_REGION: 'x',
  })!;
  const storage = createS3Storage(config, { client, clock });
  expect(await storage.removeLeftovers({ olderThanMs: 3_600_000 })).toEqual({ removed: 2, supported: true });
  expect(aborted).toEqual([
    { Bucket: 'b', Key: 'videos/gen_1/video.mp4', UploadId: 'u1' },
    { Bucket: 'b', Key: 'videos/gen_3/video.mp4', UploadId: 'u3' },
  ]);
  expect(listed).toEqual([
    { Bucket: 'b', Prefix: 'videos/' },
    { Bucket: 'b', Prefix: 'videos/', KeyMarker: 'videos/gen_2/video.mp4', UploadIdMarker: 'u2' },
  ]);
});

it('S3 against s3rver (no ListMultipartUploads): says it cannot list them, and fails nothing', async () => {
  s3rver = await startS3rver({ bucket: 'videos' });
  const storage = createS3Storage(loadS3StorageConfig(s3rver.env)!);
  try {
    expect(await storage.removeLeftovers({ olderThanMs: 0 })).toEqual({ removed: 0, supported: false });
  } finally {
    storage.close();
  }
}, 30_000);
