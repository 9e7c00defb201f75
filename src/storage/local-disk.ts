/**
 * Local-disk storage: each object is a file under `root`. Writes stream to a temporary name in
 * the same directory (so the final rename is atomic on one filesystem), hashing as they go;
 * the byte count is checked before the rename, so a short or long body never becomes visible.
 * Content types live in a small sidecar file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ReelgateError } from '../core/errors.ts';
import { isSafeKey } from './keys.ts';
import type { PutResult, Storage, StoredObjectInfo } from './storage.ts';

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
    const out = createWriteStream(temp, { flags: 'wx' });
    const outClosed = new Promise<void>((resolve, reject) => {
      out.once('close', resolve);
      out.once('error', reject);
    });
    try {
      const source: AsyncIterable<Uint8Array> =
        Symbol.asyncIterator in body
          ? body
          : Readable.fromWeb(body as import('node:stream/web').ReadableStream);
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (options.expectedBytes !== undefined && bytes > options.expectedBytes) {
          throw sizeMismatch(key, bytes, options.expectedBytes, 'more');
        }
        hash.update(chunk);
        // Respect back-pressure so memory stays flat whatever the file size.
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
      if (options.expectedBytes !== undefined && bytes !== options.expectedBytes) {
        throw sizeMismatch(key, bytes, options.expectedBytes, 'fewer');
      }
      out.end();
      await outClosed;
      await writeFile(`${path}.meta`, JSON.stringify({ contentType: options.contentType }));
      await rename(temp, path);
      return { bytes, sha256: hash.digest('hex') };
    } catch (error) {
      out.destroy();
      await outClosed.catch(() => {});
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
}

function sizeMismatch(key: string, got: number, expected: number, how: 'more' | 'fewer'): ReelgateError {
  return new ReelgateError({
    code: 'download_failed',
    message: `Copy of ${key} has ${how} bytes than announced (${got} vs ${expected}); not stored.`,
    retryable: true,
    details: { bytes: got, expectedBytes: expected },
  });
}
