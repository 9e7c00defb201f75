/**
 * Settings of the S3-compatible store, read from the environment by the entry point
 * (`REELGATE_S3_*`, `REELGATE_VIDEO_DELIVERY`). Documented in docs/storage.md with examples for
 * AWS S3, Cloudflare R2, MinIO and Supabase Storage.
 */
import { ReelgateError } from '../core/errors.ts';

/** How stored videos reach viewers: streamed by the gateway (Range supported) or a presigned redirect. */
export type VideoDelivery = 'proxy' | 'presigned';

export interface S3StorageConfig {
  bucket: string;
  /** `us-east-1` by default; Cloudflare R2 uses `auto`. */
  region: string;
  /** Custom endpoint for non-AWS services (R2, MinIO, Supabase); AWS's own when absent. */
  endpoint: string | undefined;
  /** Endpoint used in presigned URLs when viewers reach the store by another address. */
  publicEndpoint: string | undefined;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, Supabase). */
  forcePathStyle: boolean;
  /** Static credentials; when absent the AWS default chain applies (AWS_* variables, roles...). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Prepended to every key, e.g. `reelgate/` to share a bucket. */
  prefix: string;
  delivery: VideoDelivery;
  /** Lifetime of presigned URLs handed out for `presigned` delivery. */
  presignExpiresSeconds: number;
  /** Multipart part size; memory per upload is about (queueSize + 1) x partSize. */
  partSizeBytes: number;
  /** Parts uploaded at once. */
  queueSize: number;
}

const minPartSize = 5 * 1024 * 1024;

function configError(variable: string, message: string): ReelgateError {
  return new ReelgateError({ code: 'invalid_request', message: `${variable}: ${message}`, param: variable });
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return false;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw configError(name, `expected true or false, got '${env[name]}'`);
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw configError(name, `expected a positive number, got '${raw}'`);
  return value;
}

/** `REELGATE_VIDEO_DELIVERY` alone (also meaningful for local disk, where only `proxy` works). */
export function loadVideoDelivery(env: Record<string, string | undefined>): VideoDelivery {
  const raw = env.REELGATE_VIDEO_DELIVERY?.trim().toLowerCase() || 'proxy';
  if (raw !== 'proxy' && raw !== 'presigned') {
    throw configError('REELGATE_VIDEO_DELIVERY', `expected proxy or presigned, got '${raw}'`);
  }
  return raw;
}

/**
 * The S3 settings, or undefined when `REELGATE_S3_BUCKET` is not set (local disk is then used).
 * Throws a ReelgateError naming the variable when a setting is malformed or incomplete.
 *
 * @example
 * const s3 = loadS3StorageConfig(process.env);
 * const storage = s3 ? createS3Storage(s3) : new LocalDiskStorage(join(dataDir, 'files'));
 */
export function loadS3StorageConfig(env: Record<string, string | undefined>): S3StorageConfig | undefined {
  const bucket = env.REELGATE_S3_BUCKET?.trim();
  const delivery = loadVideoDelivery(env);
  if (!bucket) {
    const stray = Object.keys(env).find((name) => name.startsWith('REELGATE_S3_') && env[name]?.trim());
    if (stray) throw configError('REELGATE_S3_BUCKET', `required when ${stray} is set`);
    return undefined;
  }
  const endpoint = urlSetting(env, 'REELGATE_S3_ENDPOINT');
  const publicEndpoint = urlSetting(env, 'REELGATE_S3_PUBLIC_ENDPOINT');
  const accessKeyId = env.REELGATE_S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.REELGATE_S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw configError(
      accessKeyId ? 'REELGATE_S3_SECRET_ACCESS_KEY' : 'REELGATE_S3_ACCESS_KEY_ID',
      'set both the access key id and the secret access key, or neither',
    );
  }
  let prefix = env.REELGATE_S3_PREFIX?.trim() ?? '';
  if (prefix.startsWith('/') || prefix.includes('..')) {
    throw configError('REELGATE_S3_PREFIX', 'must be a relative key prefix such as reelgate/');
  }
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  const partSizeBytes = Math.round(positive(env, 'REELGATE_S3_PART_SIZE_MB', 8) * 1024 * 1024);
  if (partSizeBytes < minPartSize)
    throw configError('REELGATE_S3_PART_SIZE_MB', 'S3 parts are at least 5 MB');
  return {
    bucket,
    region: env.REELGATE_S3_REGION?.trim() || 'us-east-1',
    endpoint,
    publicEndpoint,
    forcePathStyle: flag(env, 'REELGATE_S3_FORCE_PATH_STYLE'),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    prefix,
    delivery,
    presignExpiresSeconds: Math.round(positive(env, 'REELGATE_S3_PRESIGN_EXPIRES_SECONDS', 3600)),
    partSizeBytes,
    queueSize: Math.round(positive(env, 'REELGATE_S3_UPLOAD_CONCURRENCY', 2)),
  };
}

function urlSetting(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw configError(name, `expected an http(s) URL, got '${raw}'`);
  }
  return raw.replace(/\/+$/, '');
}
