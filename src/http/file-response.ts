/**
 * Serves a stored video, thumbnail or spritesheet with HTTP Range support (206 / 416), the
 * stored content type, and `Accept-Ranges`, so `<video>` can seek.
 */
import type { Context } from 'hono';
import { quoteInput, ReelgateError } from '../core/errors.ts';
import type { Generation, GenerationService, StoredFile, VideoVariant } from '../core/generation.ts';
import type { AppEnv } from './env.ts';
import { parseRange } from './range.ts';

const extensions: Record<string, string> = {
  'video/mp4': 'mp4',
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

function storedFileOf(generation: Generation, variant: VideoVariant): StoredFile | null {
  if (variant === 'video') return generation.video;
  if (variant === 'thumbnail') return generation.thumbnail;
  return null;
}

export interface ServeFileOptions {
  service: GenerationService;
  accountId: string;
  id: string;
  variant: VideoVariant;
  cacheControl: string;
  /** Save as this name (`attachment`) instead of showing inline as `<id>.<ext>`. */
  downloadName?: string | undefined;
}

export async function serveFile(c: Context<AppEnv>, options: ServeFileOptions): Promise<Response> {
  const { service, accountId, id, variant } = options;
  const generation = await service.get(accountId, id);
  if (!generation)
    throw new ReelgateError({ code: 'not_found', message: `No video found with id '${quoteInput(id)}'.` });
  if (generation.status !== 'completed') {
    throw new ReelgateError({
      code: 'invalid_request',
      message: `Video '${id}' is not ready: its status is ${generation.status}. Content is available once it completes.`,
      param: 'video_id',
    });
  }
  const stored = storedFileOf(generation, variant);
  if (variant === 'video' && !stored) {
    throw new ReelgateError({ code: 'not_found', message: `Video '${id}' has no stored video file.` });
  }
  // Presigned delivery: the bytes flow from the bucket to the viewer directly.
  const direct = await service.fileUrl?.(accountId, id, variant);
  if (direct) {
    c.header('cache-control', 'no-store');
    return c.redirect(direct, 302);
  }
  let size = stored?.bytes;
  const rangeHeader = c.req.header('range');
  if (size === undefined) {
    // Size not on the record (spritesheets): open once to learn it.
    const probe = await service.openFile(accountId, id, variant);
    size = probe.bytes;
    if (!rangeHeader) return respond(c, options, probe, size, undefined, stored);
    await probe.body.cancel().catch(() => {});
  }
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return c.body(
      JSON.stringify(
        new ReelgateError({
          code: 'invalid_request',
          status: 416,
          message: `Range '${rangeHeader ?? ''}' is outside the file (${size} bytes).`,
          param: 'range',
        }).toJSON(),
      ),
      416,
      { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes', 'content-type': 'application/json' },
    );
  }
  const opened = await service.openFile(
    accountId,
    id,
    variant,
    range.kind === 'range' ? { start: range.start, end: range.end } : undefined,
  );
  return respond(c, options, opened, size, range.kind === 'range' ? range : undefined, stored);
}

function respond(
  c: Context<AppEnv>,
  options: ServeFileOptions,
  opened: { body: ReadableStream<Uint8Array>; contentType: string; range?: { start: number; end: number } },
  size: number,
  requested: { start: number; end: number } | undefined,
  stored: StoredFile | null,
): Response {
  const served = opened.range ?? requested;
  // HEAD: headers only; release the opened file at once instead of leaving the stream dangling.
  const isHead = c.req.method === 'HEAD';
  if (isHead) void opened.body.cancel().catch(() => {});
  const headers: Record<string, string> = {
    'content-type': opened.contentType,
    'accept-ranges': 'bytes',
    'cache-control': options.cacheControl,
    'content-disposition': options.downloadName
      ? `attachment; filename="${options.downloadName}"`
      : `inline; filename="${options.id}.${extensions[opened.contentType] ?? 'bin'}"`,
    'x-content-type-options': 'nosniff',
  };
  if (stored) headers.etag = `"${stored.sha256}"`;
  if (served) {
    headers['content-range'] = `bytes ${served.start}-${served.end}/${size}`;
    headers['content-length'] = String(served.end - served.start + 1);
    return isHead ? c.body(null, 206, headers) : c.body(opened.body, 206, headers);
  }
  headers['content-length'] = String(size);
  return isHead ? c.body(null, 200, headers) : c.body(opened.body, 200, headers);
}
