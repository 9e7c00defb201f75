/**
 * Which store keeps the finished videos: an S3-compatible bucket when `REELGATE_S3_BUCKET` is set
 * (required when several machines share the work), otherwise local disk under the data dir.
 * Also decides how files reach viewers: through the gateway (Range) or, for S3 with
 * `REELGATE_VIDEO_DELIVERY=presigned`, by a redirect to a short-lived presigned URL.
 *
 * @example
 * const selected = selectStorage({ dataDir: './data', s3: loadS3StorageConfig(process.env) });
 * await selected.storage.put(key, body, { contentType: 'video/mp4' });
 * await selected.close();
 */
import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import { LocalDiskStorage } from '../storage/local-disk.ts';
import { createS3Storage } from '../storage/s3.ts';
import type { S3StorageConfig, VideoDelivery } from '../storage/s3-config.ts';
import type { Storage } from '../storage/storage.ts';

export interface SelectedStorage {
  storage: Storage;
  /** `presigned` only when the store can presign (S3) and it was asked for. */
  delivery: VideoDelivery;
  /** Lifetime of presigned URLs (seconds). */
  presignExpiresSeconds: number;
  /** A direct URL for `key` under presigned delivery; undefined means "serve it yourself". */
  presign(key: string): Promise<string | undefined>;
  /** Releases the store's connections (S3 sockets). */
  close(): Promise<void>;
}

export function selectStorage(options: {
  dataDir: string;
  s3: S3StorageConfig | undefined;
  clock?: Clock | undefined;
}): SelectedStorage {
  if (!options.s3) {
    const storage = new LocalDiskStorage(join(options.dataDir, 'files'));
    return wrapStorage(storage, 'proxy', 0);
  }
  const s3 = createS3Storage(options.s3, options.clock ? { clock: options.clock } : {});
  return {
    ...wrapStorage(s3, options.s3.delivery, options.s3.presignExpiresSeconds),
    async close() {
      s3.close();
    },
  };
}

/** Storage given from outside (tests): presigned delivery when it can presign and was asked for. */
export function wrapStorage(
  storage: Storage,
  delivery: VideoDelivery,
  presignExpiresSeconds: number,
): SelectedStorage {
  const effective: VideoDelivery = delivery === 'presigned' && storage.presignedUrl ? 'presigned' : 'proxy';
  return {
    storage,
    delivery: effective,
    presignExpiresSeconds,
    presign: async (key) =>
      effective === 'presigned' ? storage.presignedUrl?.(key, presignExpiresSeconds) : undefined,
    close: async () => {},
  };
}
