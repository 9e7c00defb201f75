/**
 * Rendered media on disk under `<dataDir>/renders`, named by a hash of what they show, so an
 * identical request (same size, duration and text) reuses an earlier render. Renders happen
 * lazily on first download; concurrent requests for the same file share one render.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RenderSegment, renderSpritesheet, renderThumbnail, renderVideo } from '../../media/render.ts';
import { type MediaTools, mediaTools } from '../../media/tools.ts';

export type ContentVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface StoredFile {
  path: string;
  size: number;
  contentType: string;
}

export interface RenderRequest {
  width: number;
  height: number;
  segments: RenderSegment[];
  /** Path of an image shown as the first frames (from saveImage, so its name carries its hash). */
  firstFrameImage?: string | null;
}

const extensions: Record<ContentVariant, { suffix: string; contentType: string }> = {
  video: { suffix: '.mp4', contentType: 'video/mp4' },
  thumbnail: { suffix: '.thumb.webp', contentType: 'image/webp' },
  spritesheet: { suffix: '.sprite.jpg', contentType: 'image/jpeg' },
};

export class MediaStore {
  readonly dataDir: string;
  /** ffmpeg, ffprobe and the font (the gateway's configured ones, else looked up). */
  readonly tools: MediaTools;
  readonly #inFlight = new Map<string, Promise<StoredFile>>();
  readonly #onRender: (cacheHit: boolean) => void;

  constructor(dataDir: string, options: { media?: MediaTools; onRender?: (cacheHit: boolean) => void } = {}) {
    this.dataDir = dataDir;
    this.tools = options.media ?? mediaTools();
    this.#onRender = options.onRender ?? (() => {});
  }

  get rendersDir(): string {
    return join(this.dataDir, 'renders');
  }

  get uploadsDir(): string {
    return join(this.dataDir, 'uploads');
  }

  /** The file for one variant of a render, rendering it (and the video it derives from) if needed. */
  ensure(request: RenderRequest, variant: ContentVariant): Promise<StoredFile> {
    const path = join(this.rendersDir, renderKey(request) + extensions[variant].suffix);
    const pending = this.#inFlight.get(path);
    if (pending) return pending;
    const work = this.#ensureFile(path, request, variant).finally(() => this.#inFlight.delete(path));
    this.#inFlight.set(path, work);
    return work;
  }

  async #ensureFile(path: string, request: RenderRequest, variant: ContentVariant): Promise<StoredFile> {
    const contentType = extensions[variant].contentType;
    const existing = await stat(path).catch(() => null);
    if (existing?.isFile()) {
      this.#onRender(true);
      return { path, size: existing.size, contentType };
    }
    await mkdir(this.rendersDir, { recursive: true });
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const ffmpeg = { ffmpegPath: this.tools.ffmpeg() };
    const font = this.tools.font();
    try {
      if (variant === 'video') {
        await renderVideo({
          width: request.width,
          height: request.height,
          segments: request.segments,
          firstFrameImage: request.firstFrameImage ?? null,
          outPath: temporary,
          background: backgroundFor(request),
          ...(font ? { fontFile: font } : {}),
          ...ffmpeg,
        });
      } else {
        const video = await this.ensure(request, 'video');
        const seconds = totalSeconds(request);
        if (variant === 'thumbnail') {
          await renderThumbnail({
            videoPath: video.path,
            outPath: temporary,
            atSeconds: Math.min(1, seconds / 2),
            ...ffmpeg,
          });
        } else {
          await renderSpritesheet({
            videoPath: video.path,
            outPath: temporary,
            width: request.width,
            height: request.height,
            seconds,
            ...ffmpeg,
          });
        }
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.#onRender(false);
    const written = await stat(path);
    return { path, size: written.size, contentType };
  }
}

/** Stores an image under uploads/, named by its content hash; returns its path. */
export async function saveImage(store: MediaStore, bytes: Uint8Array, extension: string): Promise<string> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const path = join(store.uploadsDir, `image-${hash}.${extension}`);
  if (await stat(path).catch(() => null)) return path;
  await mkdir(store.uploadsDir, { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return path;
}

export function totalSeconds(request: RenderRequest): number {
  return request.segments.reduce((sum, segment) => sum + segment.seconds, 0);
}

/** Stable name for a render: a hash of everything that changes its pixels or sound. */
export function renderKey(request: RenderRequest): string {
  const canonical = JSON.stringify({
    v: 1,
    w: request.width,
    h: request.height,
    s: request.segments.map((segment) => [segment.seconds, segment.text]),
    ...(request.firstFrameImage ? { f: request.firstFrameImage } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** A muted background colour picked from the render key, so different prompts look different. */
function backgroundFor(request: RenderRequest): string {
  const hash = createHash('sha256')
    .update(request.segments[0]?.text ?? '')
    .digest();
  const channel = (byte: number) => (40 + (byte % 80)).toString(16).padStart(2, '0');
  return `0x${channel(hash[0]!)}${channel(hash[1]!)}${channel(hash[2]!)}`;
}
