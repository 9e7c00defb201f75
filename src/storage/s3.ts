/**
 * S3-compatible storage (AWS S3, Cloudflare R2, MinIO, Supabase Storage, s3rver in tests).
 *
 * Uploads stream through `@aws-sdk/lib-storage` (multipart, `queueSize` parts in flight, so
 * memory stays about (queueSize + 1) x partSize whatever the file size), counting bytes and
 * hashing on the way. The object only becomes visible when the upload completes, and it completes
 * only after the source ended with exactly the announced byte count: a short or long body makes
 * the source fail before its last part is handed over, so lib-storage aborts the multipart upload
 * (or never sends the single PUT) and nothing appears under the key. An earlier object under the
 * same key stays untouched in that case.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../core/clock.ts';
import { ReelgateError } from '../core/errors.ts';
import { systemClock } from '../shared/system-clock.ts';
import { isSafeKey } from './keys.ts';
import type { S3StorageConfig, VideoDelivery } from './s3-config.ts';
import type { LeftoverReport, PutResult, Storage, StoredObjectInfo } from './storage.ts';

export {
  loadS3StorageConfig,
  loadVideoDelivery,
  type S3StorageConfig,
  type VideoDelivery,
} from './s3-config.ts';

export interface S3StorageDeps {
  /** A ready client (tests, custom middleware); built from the config when absent. */
  client?: S3Client | undefined;
  /** Signing time of presigned URLs (default: the system clock). */
  clock?: Clock | undefined;
}

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly delivery: VideoDelivery;
  readonly bucket: string;
  readonly #config: S3StorageConfig;
  readonly #client: S3Client;
  readonly #presignClient: S3Client;
  readonly #clock: Clock;

  constructor(config: S3StorageConfig, deps: S3StorageDeps = {}) {
    this.#config = config;
    this.bucket = config.bucket;
    this.delivery = config.delivery;
    this.#clock = deps.clock ?? systemClock;
    this.#client = deps.client ?? new S3Client(clientConfig(config, config.endpoint));
    this.#presignClient =
      config.publicEndpoint && !deps.client
        ? new S3Client(clientConfig(config, config.publicEndpoint))
        : this.#client;
  }

  #objectKey(key: string): string {
    if (!isSafeKey(key))
      throw new ReelgateError({ code: 'invalid_request', message: `Bad storage key ${key}` });
    return `${this.#config.prefix}${key}`;
  }

  async put(
    key: string,
    body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    options: { contentType: string; expectedBytes?: number },
  ): Promise<PutResult> {
    const objectKey = this.#objectKey(key);
    const hash = createHash('sha256');
    const expected = options.expectedBytes;
    let bytes = 0;
    const source: AsyncIterable<Uint8Array> =
      Symbol.asyncIterator in body
        ? body
        : Readable.fromWeb(body as import('node:stream/web').ReadableStream);

    // Throwing here, before the end of the stream, is what keeps a bad copy from completing.
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (expected !== undefined && bytes > expected) throw sizeMismatch(key, bytes, expected, 'more');
        hash.update(chunk);
        yield chunk;
      }
      if (expected !== undefined && bytes !== expected) throw sizeMismatch(key, bytes, expected, 'fewer');
    }

    const upload = new Upload({
      client: this.#client,
      params: {
        Bucket: this.bucket,
        Key: objectKey,
        Body: Readable.from(counted(), { objectMode: false }),
        ContentType: options.contentType,
      },
      partSize: this.#config.partSizeBytes,
      queueSize: this.#config.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      if (error instanceof ReelgateError) throw error;
      throw new ReelgateError({
        code: 'download_failed',
        message: `Storing ${key} in bucket ${this.bucket} failed: ${describe(error)}`,
        retryable: true,
        cause: error,
      });
    }
    return { bytes, sha256: hash.digest('hex') };
  }

  async get(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>> {
    const objectKey = this.#objectKey(key);
    try {
      const response = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      if (!response.Body) throw new Error('empty response body');
      const stream = response.Body.transformToWebStream() as ReadableStream<Uint8Array>;
      if (!range) return stream;
      // Some S3-compatible servers answer a range loosely (s3rver turns `bytes=0-0` into the
      // whole object): check where the answer starts and never hand back more than was asked.
      const served = /^bytes (\d+)-/.exec(response.ContentRange ?? '');
      if (Number(served?.[1] ?? 0) !== range.start) {
        await stream.cancel().catch(() => {});
        throw new Error(
          `asked for bytes from ${range.start}, got ${response.ContentRange ?? 'the whole object'}`,
        );
      }
      return capLength(stream, range.end - range.start + 1);
    } catch (error) {
      if (isMissing(error)) throw new ReelgateError({ code: 'not_found', message: `No stored file ${key}.` });
      throw storageError(`Reading ${key}`, error);
    }
  }

  async head(key: string): Promise<StoredObjectInfo | undefined> {
    const objectKey = this.#objectKey(key);
    try {
      const response = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }),
      );
      return { bytes: response.ContentLength ?? 0, contentType: response.ContentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storageError(`Inspecting ${key}`, error);
    }
  }

  /** Idempotent: S3 answers 204 for keys that do not exist. */
  async delete(key: string): Promise<void> {
    const objectKey = this.#objectKey(key);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      if (isMissing(error)) return;
      throw storageError(`Deleting ${key}`, error);
    }
  }

  /** A GET URL valid for `expiresInSeconds` (at most 7 days, S3's limit for SigV4). */
  async presignedUrl(key: string, expiresInSeconds: number): Promise<string | undefined> {
    const objectKey = this.#objectKey(key);
    const expiresIn = Math.max(1, Math.min(Math.round(expiresInSeconds), 7 * 24 * 3600));
    return getSignedUrl(this.#presignClient, new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }), {
      expiresIn,
      signingDate: new Date(this.#clock.now()),
    });
  }

  /**
   * Aborts multipart uploads under this store's prefix that were started more than
   * `olderThanMs` ago and never completed (a process killed mid-upload leaves them, and their
   * parts are billed until aborted). Younger ones may belong to a live process and are kept.
   * A server without ListMultipartUploads (s3rver) reports `supported: false`; a bucket
   * lifecycle rule (AbortIncompleteMultipartUpload) covers those.
   */
  async removeLeftovers(options: { olderThanMs: number }): Promise<LeftoverReport> {
    const cutoff = this.#clock.now() - options.olderThanMs;
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (let page = 0; page < 1000; page++) {
      let listed: ListMultipartUploadsCommandOutput;
      try {
        listed = await this.#client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            ...(this.#config.prefix ? { Prefix: this.#config.prefix } : {}),
            ...(keyMarker ? { KeyMarker: keyMarker } : {}),
            ...(uploadIdMarker ? { UploadIdMarker: uploadIdMarker } : {}),
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name === 'NotImplemented') return { removed, supported: false };
        throw storageError('Listing unfinished uploads', error);
      }
      for (const upload of listed.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated) continue;
        if (!upload.Key.startsWith(this.#config.prefix) || upload.Initiated.getTime() > cutoff) continue;
        try {
          await this.#client.send(
            new AbortMultipartUploadCommand({
              Bucket: this.bucket,
              Key: upload.Key,
              UploadId: upload.UploadId,
            }),
          );
          removed += 1;
        } catch (error) {
          // Completed or aborted by someone else meanwhile: nothing left to do.
          if (!isMissing(error) && (error as { name?: string }).name !== 'NoSuchUpload')
            throw storageError(`Aborting the unfinished upload of ${upload.Key}`, error);
        }
      }
      if (!listed.IsTruncated) break;
      keyMarker = listed.NextKeyMarker;
      uploadIdMarker = listed.NextUploadIdMarker;
    }
    return { removed, supported: true };
  }

  /** Closes the client's sockets. */
  close(): void {
    this.#client.destroy();
    if (this.#presignClient !== this.#client) this.#presignClient.destroy();
  }
}

/**
 * @example
 * const config = loadS3StorageConfig(process.env);
 * if (config) storage = createS3Storage(config);
 */
export function createS3Storage(config: S3StorageConfig, deps: S3StorageDeps = {}): S3Storage {
  return new S3Storage(config, deps);
}

function clientConfig(config: S3StorageConfig, endpoint: string | undefined): S3ClientConfig {
  return {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(endpoint ? { endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Newer SDKs add CRC32 checksums to every request by default; several S3-compatible
    // services (R2, older MinIO, Supabase) reject or mishandle them. Only when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** Passes at most `limit` bytes of `stream` through, then cancels the rest. */
function capLength(stream: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let left = limit;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done || left <= 0) {
        if (!done) await reader.cancel().catch(() => {});
        controller.close();
        return;
      }
      const piece = value.byteLength > left ? value.subarray(0, left) : value;
      left -= piece.byteLength;
      controller.enqueue(piece);
      if (left <= 0) {
        await reader.cancel().catch(() => {});
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function storageError(what: string, error: unknown): ReelgateError {
  return new ReelgateError({
    code: 'internal',
    message: `${what} from object storage failed: ${describe(error)}`,
    retryable: true,
    cause: error,
  });
}

function sizeMismatch(key: string, got: number, expected: number, how: 'more' | 'fewer'): ReelgateError {
  return new ReelgateError({
    code: 'download_failed',
    message: `Copy of ${key} has ${how} bytes than announced (${got} vs ${expected}); not stored.`,
    retryable: true,
    details: { bytes: got, expectedBytes: expected },
  });
}
