/**
 * Where finished videos live. Keys are derived by reelgate (never taken from input).
 * Everything streams: no implementation may buffer a whole file in memory.
 */
export interface PutResult {
  bytes: number;
  sha256: string;
}

export interface StoredObjectInfo {
  bytes: number;
  contentType: string | undefined;
}

export interface Storage {
  readonly kind: 'local' | 's3';
  /**
   * Streams `body` into `key`. The object becomes visible only when complete (temporary name,
   * then an atomic move / completed multipart upload). When `expectedBytes` is given and the
   * stream ends short or long, the write is abandoned and a `download_failed` error is thrown.
   */
  put(
    key: string,
    body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    options: { contentType: string; expectedBytes?: number },
  ): Promise<PutResult>;
  /** Opens `key` for reading, optionally a byte range (inclusive `end`). */
  get(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>>;
  head(key: string): Promise<StoredObjectInfo | undefined>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  /** A time-limited direct URL, where the backend supports it (S3); undefined otherwise. */
  presignedUrl?(key: string, expiresInSeconds: number): Promise<string | undefined>;
  /**
   * Removes what writes cut short by a crash (SIGKILL) left behind: temporary files (local
   * disk), unfinished multipart uploads (S3). Only leftovers older than `olderThanMs` are
   * touched, so writes other live processes have in progress are left alone.
   */
  removeLeftovers?(options: { olderThanMs: number }): Promise<LeftoverReport>;
}

export interface LeftoverReport {
  /** Temporary files deleted or multipart uploads aborted. */
  removed: number;
  /** False when the backend cannot list its leftovers (e.g. an S3 server without ListMultipartUploads). */
  supported: boolean;
}
