/**
 * S3 storage against s3rver (in-process, 127.0.0.1, port 0, temp dir): the shared contract, a
 * ~50 MB multipart upload streamed with bounded memory, multipart aborts on bad byte counts,
 * ranged reads across part boundaries, presigned GET with plain fetch, and the settings parser.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { ReelgateError } from '../../src/core/errors.ts';
import { createS3Storage, loadS3StorageConfig, type S3Storage } from '../../src/storage/s3.ts';
import { type RunningS3rver, spawnS3rver, startS3rver } from '../support/s3rver.ts';
import { describeStorageContract, readAll, sha256 } from './contract.ts';

const partSizeMb = 5;
let s3: RunningS3rver;
const servers: RunningS3rver[] = [];

async function server(): Promise<RunningS3rver> {
  const running = await startS3rver({ bucket: 'videos' });
  servers.push(running);
  return running;
}

function storageFor(running: RunningS3rver, extra: Record<string, string> = {}): S3Storage {
  const config = loadS3StorageConfig({
    ...running.env,
    REELGATE_S3_PART_SIZE_MB: String(partSizeMb),
    ...extra,
  });
  if (!config) throw new Error('expected an S3 config');
  return createS3Storage(config);
}

async function listKeys(running: RunningS3rver): Promise<string[]> {
  const client = new S3Client({
    region: running.region,
    endpoint: running.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: running.accessKeyId, secretAccessKey: running.secretAccessKey },
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: running.bucket }));
    return (listed.Contents ?? []).map((item) => item.Key ?? '').sort();
  } finally {
    client.destroy();
  }
}

afterAll(async () => {
  for (const running of servers) await running.stop();
});

describeStorageContract('s3 (s3rver, with a key prefix)', async () => {
  const running = await server();
  const storage = storageFor(running, { REELGATE_S3_PREFIX: 'tenant-a' });
  return {
    storage,
    listKeys: () => listKeys(running),
    cleanup: async () => storage.close(),
  };
});

const pattern = createHash('sha512').update('reelgate').digest();

/** Deterministic bytes produced on the fly, a fresh buffer per chunk (nothing large is held). */
async function* generated(
  totalBytes: number,
  chunkSize: number,
  onChunk?: () => void,
): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < totalBytes; sent += chunkSize) {
    const size = Math.min(chunkSize, totalBytes - sent);
    const chunk = Buffer.alloc(size, pattern);
    chunk.writeUInt32BE(sent >>> 0, 0); // every chunk differs, so misplaced parts change the hash
    onChunk?.();
    yield chunk;
  }
}

/** A full garbage collection on demand (`--expose-gc` turned on at run time for this function). */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function hashOfGenerated(totalBytes: number, chunkSize: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of generated(totalBytes, chunkSize)) hash.update(chunk);
  return hash.digest('hex');
}

describe('S3Storage on s3rver', () => {
  let storage: S3Storage;

  beforeAll(async () => {
    s3 = await server();
    storage = storageFor(s3);
  });
  afterAll(() => storage.close());

  it('streams a ~50 MB body as a multipart upload with bounded memory', async () => {
    // s3rver in its own process, so only our side of the upload is measured here.
    const remote = await spawnS3rver({ bucket: 'big' });
    servers.push(remote);
    const storage = storageFor(remote);
    const total = 50 * 1024 * 1024 + 12_345;
    const chunk = 256 * 1024;
    const expectedHash = await hashOfGenerated(total, chunk);
    // What the upload holds, not garbage a loaded machine has not collected yet: a full
    // collection before every eighth sample (256 KB chunks, so every 2 MB).
    const collect = exposedGc();
    // Buffers' memory is released after the collection that finds them dead: collect and yield
    // a few times so the baseline holds none of the hashing pass's garbage.
    for (let round = 0; round < 3; round++) {
      collect();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const baseline = process.memoryUsage();
    let peakExternal = 0;
    let chunks = 0;
    const sample = () => {
      if (++chunks % 8 !== 0) return;
      collect();
      const now = process.memoryUsage();
      peakExternal = Math.max(
        peakExternal,
        now.arrayBuffers + now.heapUsed - baseline.arrayBuffers - baseline.heapUsed,
      );
    };
    const result = await storage.put('generations/gen_big/video.mp4', generated(total, chunk, sample), {
      contentType: 'video/mp4',
      expectedBytes: total,
    });
    expect(result).toEqual({ bytes: total, sha256: expectedHash });
    expect(await storage.head('generations/gen_big/video.mp4')).toEqual({
      bytes: total,
      contentType: 'video/mp4',
    });
    // Parts of 5 MB with 2 in flight (plus the part being filled): far below the 50 MB file.
    console.info(`50 MB upload: peak extra heap+buffers ${(peakExternal / 1048576).toFixed(1)} MB`);
    expect(peakExternal).toBeLessThan(30 * 1024 * 1024);

    const downloaded = createHash('sha256');
    for await (const piece of (await storage.get(
      'generations/gen_big/video.mp4',
    )) as unknown as AsyncIterable<Uint8Array>) {
      downloaded.update(piece);
    }
    expect(downloaded.digest('hex')).toBe(expectedHash);

    // A range that straddles the first part boundary comes back byte-exact.
    const boundary = partSizeMb * 1024 * 1024;
    const range = await readAll(
      await storage.get('generations/gen_big/video.mp4', { start: boundary - 3, end: boundary + 2 }),
    );
    const reference: Uint8Array[] = [];
    let seen = 0;
    for await (const piece of generated(boundary + 3 * chunk, chunk)) {
      reference.push(piece);
      seen += piece.byteLength;
      if (seen > boundary + 3) break;
    }
    expect(Buffer.compare(range, Buffer.concat(reference).subarray(boundary - 3, boundary + 3))).toBe(0);
    storage.close();
  });

  it('aborts a multipart upload whose byte count is off: nothing under the key', async () => {
    const total = 12 * 1024 * 1024;
    for (const expectedBytes of [total + 1, total - 1]) {
      const key = `generations/gen_multi_${expectedBytes}/video.mp4`;
      const error = await storage
        .put(key, generated(total, 512 * 1024), { contentType: 'video/mp4', expectedBytes })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(ReelgateError);
      expect((error as ReelgateError).code).toBe('download_failed');
      expect(await storage.head(key)).toBeUndefined();
      expect((await listKeys(s3)).some((listed) => listed.includes(`gen_multi_${expectedBytes}`))).toBe(
        false,
      );
    }
  });

  it('issues presigned GET URLs that work with plain fetch, and only while valid', async () => {
    const body = Buffer.from('presigned video bytes');
    await storage.put('generations/gen_sign/video.mp4', once(body), { contentType: 'video/mp4' });
    const url = await storage.presignedUrl('generations/gen_sign/video.mp4', 600);
    expect(url).toMatch(/X-Amz-Signature=/);
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('presigned video bytes');
    const ranged = await fetch(url!, { headers: { range: 'bytes=0-8' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('presigned');

    // A link signed two hours ago for 10 minutes has expired. (s3rver does not check SigV4
    // signatures themselves, nor close buckets to anonymous reads, so tampering is not tested.)
    const config = loadS3StorageConfig(s3.env)!;
    const past = createS3Storage(config, { clock: new FakeClock(Date.now() - 2 * 3600_000) });
    const expired = await past.presignedUrl('generations/gen_sign/video.mp4', 600);
    expect((await fetch(expired!)).status).toBe(403);
    past.close();
  });

  it('stores under the configured prefix', async () => {
    const prefixed = storageFor(s3, { REELGATE_S3_PREFIX: 'shared/reelgate/' });
    await prefixed.put('generations/gen_p/video.mp4', once(Buffer.from('x')), {
      contentType: 'video/mp4',
    });
    expect(await listKeys(s3)).toContain('shared/reelgate/generations/gen_p/video.mp4');
    expect(sha256(await readAll(await prefixed.get('generations/gen_p/video.mp4')))).toBe(
      sha256(Buffer.from('x')),
    );
    expect(await storage.head('generations/gen_p/video.mp4')).toBeUndefined();
    prefixed.close();
  });
});

describe('loadS3StorageConfig', () => {
  it('is undefined without a bucket, and complete with one', () => {
    expect(loadS3StorageConfig({})).toBeUndefined();
    const config = loadS3StorageConfig({
      REELGATE_S3_BUCKET: 'videos',
      REELGATE_S3_REGION: 'auto',
      REELGATE_S3_ENDPOINT: 'https://abc123.r2.cloudflarestorage.com/',
      REELGATE_S3_ACCESS_KEY_ID: 'id',
      REELGATE_S3_SECRET_ACCESS_KEY: 'secret',
      REELGATE_S3_PREFIX: 'reelgate',
      REELGATE_VIDEO_DELIVERY: 'presigned',
    });
    expect(config).toMatchObject({
      bucket: 'videos',
      region: 'auto',
      endpoint: 'https://abc123.r2.cloudflarestorage.com',
      forcePathStyle: false,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      prefix: 'reelgate/',
      delivery: 'presigned',
      presignExpiresSeconds: 3600,
    });
    expect(loadS3StorageConfig({ REELGATE_S3_BUCKET: 'b' })).toMatchObject({
      region: 'us-east-1',
      delivery: 'proxy',
      credentials: undefined,
      prefix: '',
    });
  });

  it.each([
    [{ REELGATE_S3_ENDPOINT: 'http://127.0.0.1:9000' }, 'REELGATE_S3_BUCKET'],
    [{ REELGATE_S3_BUCKET: 'b', REELGATE_VIDEO_DELIVERY: 'cdn' }, 'REELGATE_VIDEO_DELIVERY'],
    [{ REELGATE_S3_BUCKET: 'b', REELGATE_S3_FORCE_PATH_STYLE: 'maybe' }, 'REELGATE_S3_FORCE_PATH_STYLE'],
    [{ REELGATE_S3_BUCKET: 'b', REELGATE_S3_ENDPOINT: 'ftp://x' }, 'REELGATE_S3_ENDPOINT'],
    [{ REELGATE_S3_BUCKET: 'b', REELGATE_S3_ACCESS_KEY_ID: 'only-id' }, 'REELGATE_S3_SECRET_ACCESS_KEY'],
    [{ REELGATE_S3_BUCKET: 'b', REELGATE_S3_PREFIX: '../up' }, 'REELGATE_S3_PREFIX'],
    [{ REELGATE_S3_BUCKET: 'b', REELGATE_S3_PART_SIZE_MB: '1' }, 'REELGATE_S3_PART_SIZE_MB'],
  ])('refuses %j naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadS3StorageConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReelgateError);
    expect((caught as ReelgateError).param).toBe(variable);
  });
});
