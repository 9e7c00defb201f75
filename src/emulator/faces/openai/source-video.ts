/**
 * Resolving the `video` of an edit or extension: a reference `{id}` to a completed video of
 * this emulator (JSON, or `video[id]` in multipart), or an uploaded MP4 file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeMedia } from '../../../media/probe.ts';
import type { RenderSegment } from '../../../media/render.ts';
import { checkMediaBytes, type PolicyVerdict } from '../../core/content-policy.ts';
import type { EmulatorCore } from '../../core/core.ts';
import { EmulatorHttpError } from '../../core/http-error.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { invalidValue, notFoundError } from './errors.ts';
import { ALL_SIZES } from './models.ts';
import { type BodyValue, describeType, isPlainObject } from './request-body.ts';

export const FACE = 'openai';
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export interface SourceVideo {
  job: EmulatorJob | null;
  width: number;
  height: number;
  seconds: number;
  segments: RenderSegment[];
  refusal: PolicyVerdict | null;
}

/** A completed video of this face, or a 404/400 error for the `param` field. */
export function completedVideo(core: EmulatorCore, id: string, param: string | null): EmulatorJob {
  const job = core.jobs.get(FACE, id);
  if (!job) throw notFoundError('Video', id, param);
  const snapshot = core.snapshot(job);
  if (snapshot.status !== 'completed') {
    throw new EmulatorHttpError({
      status: 400,
      param,
      code: 'video_not_completed',
      message: `Video '${id}' is ${snapshot.status}; only completed videos can be used here.`,
    });
  }
  return job;
}

export async function resolveSourceVideo(core: EmulatorCore, value: BodyValue): Promise<SourceVideo> {
  if (value instanceof File) return probeUpload(core, value, 'video');
  let reference: BodyValue = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        reference = JSON.parse(text) as BodyValue;
      } catch {
        throw invalidValue('video', "Invalid 'video': could not parse the JSON object.");
      }
    } else if (text !== '') {
      reference = { id: text };
    }
  }
  if (!isPlainObject(reference) || typeof reference.id !== 'string' || reference.id === '') {
    throw new EmulatorHttpError({
      status: 400,
      param: 'video',
      code: 'invalid_type',
      message: `Invalid type for 'video': expected a file or an object with an 'id', but got ${describeType(reference)} instead.`,
    });
  }
  const extra = Object.keys(reference).find((key) => key !== 'id');
  if (extra) {
    throw new EmulatorHttpError({
      status: 400,
      param: `video.${extra.slice(0, 100)}`,
      code: 'unknown_parameter',
      message: `Unknown parameter: 'video.${extra.slice(0, 100)}'.`,
    });
  }
  const job = completedVideo(core, reference.id, 'video');
  return {
    job,
    width: job.width,
    height: job.height,
    seconds: job.seconds,
    segments: job.segments,
    refusal: null,
  };
}

/** Saves an uploaded video briefly to probe it; it must be a readable video of a supported size. */
export async function probeUpload(core: EmulatorCore, file: File, param: string): Promise<SourceVideo> {
  if (file.size > MAX_UPLOAD_BYTES)
    throw invalidValue(param, `The '${param}' file is too large (max 100 MB).`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  await mkdir(core.media.uploadsDir, { recursive: true });
  const path = join(core.media.uploadsDir, `upload-${randomBytes(12).toString('hex')}.mp4`);
  try {
    await writeFile(path, bytes);
    const info = await probeMedia(path, { ffprobe: core.media.tools.ffprobe }).catch(() => null);
    if (!info || info.width === null || info.height === null || info.durationSeconds <= 0) {
      throw invalidValue(param, `Invalid '${param}': the file is not a readable video.`);
    }
    const size = `${info.width}x${info.height}`;
    if (!ALL_SIZES.includes(size)) {
      throw invalidValue(param, `Invalid '${param}': unsupported video size ${size}.`);
    }
    const seconds = Math.max(1, Math.round(info.durationSeconds));
    return {
      job: null,
      width: info.width,
      height: info.height,
      seconds,
      segments: [{ seconds, text: '(uploaded video)' }],
      refusal: checkMediaBytes(bytes),
    };
  } finally {
    await rm(path, { force: true });
  }
}
