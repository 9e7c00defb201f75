/**
 * The storage contract (src/storage/storage.ts) as a reusable suite: every implementation runs
 * the same cases. Call `describeStorageContract(name, factory)` from a test file; the factory
 * gives a fresh, empty store and a `listKeys()` that shows everything physically present (so
 * leftover temporary objects are caught too).
 *
 * @example
 * describeStorageContract('local disk', async () => {
 *   const root = await mkdtemp(join(tmpdir(), 'rg-'));
 *   return { storage: new LocalDiskStorage(root), listKeys: () => walk(root), cleanup: () => rm(root, { recursive: true }) };
 * });
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReelgateError } from '../../src/core/errors.ts';
import type { Storage } from '../../src/storage/storage.ts';

export interface StorageUnderTest {
  storage: Storage;
  /** Every key (or file) physically present, temporary ones included. */
  listKeys(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A web ReadableStream of `bytes` in `chunkSize` pieces (optionally failing after `failAfter` bytes). */
export function streamOf(
  bytes: Uint8Array,
  chunkSize = 64 * 1024,
  failAfter?: number,
): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && offset >= failAfter) {
        controller.error(new Error('source connection reset'));
        return;
      }
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      const end = Math.min(offset + chunkSize, bytes.byteLength, failAfter ?? Number.POSITIVE_INFINITY);
      controller.enqueue(bytes.slice(offset, end));
      offset = end;
    },
  });
}

async function* iterableOf(bytes: Uint8Array, chunkSize = 1000): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) {
    yield bytes.slice(offset, offset + chunkSize);
  }
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function errorOf(promise: Promise<unknown>): Promise<ReelgateError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ReelgateError);
  return error as ReelgateError;
}

export function describeStorageContract(name: string, factory: () => Promise<StorageUnderTest>): void {
  describe(`storage contract: ${name}`, () => {
    let subject: StorageUnderTest;
    let storage: Storage;
    const payload = randomBytes(300_123);

    beforeAll(async () => {
      subject = await factory();
      storage = subject.storage;
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    it('streams a web ReadableStream in and reports bytes and sha256', async () => {
      const result = await storage.put('generations/gen_a/video.mp4', streamOf(payload), {
        contentType: 'video/mp4',
        expectedBytes: payload.byteLength,
      });
      expect(result).toEqual({ bytes: payload.byteLength, sha256: sha256(payload) });
      expect(await storage.head('generations/gen_a/video.mp4')).toEqual({
        bytes: payload.byteLength,
        contentType: 'video/mp4',
      });
      const back = await readAll(await storage.get('generations/gen_a/video.mp4'));
      expect(sha256(back)).toBe(sha256(payload));
    });

    it('accepts an AsyncIterable body and no announced length', async () => {
      const small = randomBytes(4321);
      const result = await storage.put('generations/gen_b/thumbnail.webp', iterableOf(small), {
        contentType: 'image/webp',
      });
      expect(result).toEqual({ bytes: 4321, sha256: sha256(small) });
      expect((await storage.head('generations/gen_b/thumbnail.webp'))?.contentType).toBe('image/webp');
    });

    it('stores an empty body', async () => {
      const result = await storage.put('generations/gen_empty/video.mp4', iterableOf(new Uint8Array(0)), {
        contentType: 'video/mp4',
        expectedBytes: 0,
      });
      expect(result).toEqual({ bytes: 0, sha256: sha256(new Uint8Array(0)) });
      expect((await storage.head('generations/gen_empty/video.mp4'))?.bytes).toBe(0);
    });

    it('serves inclusive byte ranges', async () => {
      const key = 'generations/gen_a/video.mp4';
      const first = await readAll(await storage.get(key, { start: 0, end: 0 }));
      expect([...first]).toEqual([payload[0]]);
      const middle = await readAll(await storage.get(key, { start: 1000, end: 70_999 }));
      expect(Buffer.compare(middle, payload.subarray(1000, 71_000))).toBe(0);
      const last = payload.byteLength - 1;
      const tail = await readAll(await storage.get(key, { start: last - 9, end: last }));
      expect(Buffer.compare(tail, payload.subarray(last - 9))).toBe(0);
    });

    it('refuses a short body: error, nothing visible, no leftovers', async () => {
      const before = await subject.listKeys();
      const error = await errorOf(
        storage.put('generations/gen_short/video.mp4', streamOf(payload), {
          contentType: 'video/mp4',
          expectedBytes: payload.byteLength + 1,
        }),
      );
      expect(error.code).toBe('download_failed');
      expect(await storage.head('generations/gen_short/video.mp4')).toBeUndefined();
      expect((await errorOf(storage.get('generations/gen_short/video.mp4'))).code).toBe('not_found');
      expect(await subject.listKeys()).toEqual(before);
    });

    it('refuses a long body: error, nothing visible, no leftovers', async () => {
      const before = await subject.listKeys();
      const error = await errorOf(
        storage.put('generations/gen_long/video.mp4', streamOf(payload), {
          contentType: 'video/mp4',
          expectedBytes: payload.byteLength - 1,
        }),
      );
      expect(error.code).toBe('download_failed');
      expect(await storage.head('generations/gen_long/video.mp4')).toBeUndefined();
      expect(await subject.listKeys()).toEqual(before);
    });

    it('refuses a source that fails midway (connection reset) without a partial object', async () => {
      const error = await errorOf(
        storage.put('generations/gen_reset/video.mp4', streamOf(payload, 10_000, 150_000), {
          contentType: 'video/mp4',
        }),
      );
      expect(error.code).toBe('download_failed');
      expect(await storage.head('generations/gen_reset/video.mp4')).toBeUndefined();
    });

    it('keeps the earlier object when a rewrite of the same key fails', async () => {
      const key = 'generations/gen_keep/video.mp4';
      const original = randomBytes(2048);
      await storage.put(key, iterableOf(original), { contentType: 'video/mp4', expectedBytes: 2048 });
      await errorOf(
        storage.put(key, iterableOf(randomBytes(100)), { contentType: 'video/mp4', expectedBytes: 200 }),
      );
      expect(sha256(await readAll(await storage.get(key)))).toBe(sha256(original));
    });

    it('deletes idempotently', async () => {
      const key = 'generations/gen_del/video.mp4';
      await storage.put(key, iterableOf(randomBytes(10)), { contentType: 'video/mp4' });
      await storage.delete(key);
      expect(await storage.head(key)).toBeUndefined();
      await storage.delete(key);
      await storage.delete('generations/never_existed/video.mp4');
      expect((await subject.listKeys()).some((listed) => listed.includes('gen_del'))).toBe(false);
    });

    it('reports missing objects as undefined (head) and not_found (get)', async () => {
      expect(await storage.head('generations/missing/video.mp4')).toBeUndefined();
      expect((await errorOf(storage.get('generations/missing/video.mp4'))).code).toBe('not_found');
    });

    it.each([
      '../escape.mp4',
      'generations/../../etc/passwd',
      '/etc/passwd',
      'generations//video.mp4',
      'generations/a b/video.mp4',
      'generations/%2e%2e/video.mp4',
      'C:\\windows\\x',
      '',
    ])('refuses the unsafe key %j', async (key) => {
      const before = await subject.listKeys();
      expect(
        (await errorOf(storage.put(key, iterableOf(randomBytes(5)), { contentType: 'video/mp4' }))).code,
      ).toBe('invalid_request');
      expect((await errorOf(storage.get(key))).code).toBe('invalid_request');
      expect((await errorOf(storage.delete(key))).code).toBe('invalid_request');
      expect(await subject.listKeys()).toEqual(before);
    });
  });
}
