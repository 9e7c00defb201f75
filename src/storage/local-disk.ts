/**
 * Local-disk storage: each object is a file under `root`. Writes stream to a temporary name in
 * the same directory (so the final rename is atomic on one filesystem), hashing as they go;
 * the byte count is checked before the rename, so a short or long body never becomes visible.
 * Content types live in a small sidecar file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ReelgateError } from '../core/errors.ts';
import { isSafeKey } from './keys.ts';
import type { LeftoverReport, PutResult, Storage, StoredObjectInfo } from './storage.ts';

/** `<key>.tmp-<12 hex digits>`: the temporary name a write streams to before its rename. */
const TEMP_FILE = /\.tmp-[0-9a-f]{12}$/;
/** Bytes that may wait for the write in flight before reading pauses (back-pressure). */
const maxPendingBytes = 256 * 1024;

export class LocalDiskStorage implements Storage {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  #path(key: string): string {
    if (!isSafeKey(key))
      throw new ReelgateError({ code: 'invalid_request', message: `Bad storage key ${key}` });
    return join(this.root, key);
  }

  async put(
    key: string,
    body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    options: { contentType: string; expectedBytes?: number },
  ): Promise<PutResult> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const out = await open(temp, 'wx');
    // One write in flight while the next chunks arrive and are hashed; the chunks that arrived
    // meanwhile go down together in one writev (fewer system calls than a write per 64 KiB
    // socket chunk). At most `maxPendingBytes` wait, so memory stays bounded whatever the size.
    let writing: Promise<void> = Promise.resolve();
    let inFlight = false;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = () => {
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      inFlight = true;
      writing = out.writev(batch).then(() => {
        inFlight = false;
      });
      // Awaited below; a failure meanwhile must not surface as an unhandled rejection.
      writing.catch(() => {});
    };
    try {
      for await (const chunk of chunksOf(body)) {
        bytes += chunk.byteLength;
        if (options.expectedBytes !== undefined && bytes > options.expectedBytes) {
          throw sizeMismatch(key, bytes, options.expectedBytes, 'more');
        }
        hash.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (inFlight && pendingBytes < maxPendingBytes) continue;
        await writing;
        flush();
      }
      await writing;
      if (pending.length > 0) {
        flush();
        await writing;
      }
      if (options.expectedBytes !== undefined && bytes !== options.expectedBytes) {
        throw sizeMismatch(key, bytes, options.expectedBytes, 'fewer');
      }
      await out.close();
      await writeFile(`${path}.meta`, JSON.stringify({ contentType: options.contentType }));
      await rename(temp, path);
      return { bytes, sha256: hash.digest('hex') };
    } catch (error) {
      // The write in flight may have failed too; the first error is the one reported.
      await writing.catch(() => {});
      await out.close().catch(() => {});
      await rm(temp, { force: true });
      if (error instanceof ReelgateError) throw error;
      throw new ReelgateError({
        code: 'download_failed',
        message: `Copying ${key} failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>> {
    const path = this.#path(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new ReelgateError({ code: 'not_found', message: `No stored file ${key}.` });
    const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
    return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
  }

  async head(key: string): Promise<StoredObjectInfo | undefined> {
    const path = this.#path(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const meta = await readFile(`${path}.meta`, 'utf8').then(
      (text) => JSON.parse(text) as { contentType?: string },
      () => ({}) as { contentType?: string },
    );
    return { bytes: info.size, contentType: meta.contentType };
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    await rm(path, { force: true });
    await rm(`${path}.meta`, { force: true });
  }

  /**
   * Deletes temporary files a killed write left (`<key>.tmp-<hex>`, last modified more than
   * `olderThanMs` ago: a live write touches its file with every chunk) and content-type
   * sidecars whose file never got its final name.
   */
  async removeLeftovers(options: { olderThanMs: number; now?: number }): Promise<LeftoverReport> {
    const cutoff = (options.now ?? Date.now()) - options.olderThanMs;
    let removed = 0;
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const leftover = TEMP_FILE.test(entry.name)
        ? true
        : entry.name.endsWith('.meta') && !(await exists(path.slice(0, -'.meta'.length)));
      if (!leftover) continue;
      const info = await stat(path).catch(() => undefined);
      // Gone meanwhile (its write finished or failed), or still being written.
      if (!info || info.mtimeMs > cutoff) continue;
      await rm(path, { force: true });
      removed += 1;
    }
    return { removed, supported: true };
  }
}

/** The body's chunks; a web stream is read with its own reader, cancelled if we stop early. */
async function* chunksOf(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (!(body instanceof ReadableStream)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early (size mismatch, write failure): cancel the source so its connection closes.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function sizeMismatch(key: string, got: number, expected: number, how: 'more' | 'fewer'): ReelgateError {
  return new ReelgateError({
    code: 'download_failed',
    message: `Copy of ${key} has ${how} bytes than announced (${got} vs ${expected}); not stored.`,
    retryable: true,
    details: { bytes: got, expectedBytes: expected },
  });
}
