/**
 * Result file URLs for the provider faces: `<origin><prefix>/files/<jobId>/<name>`, served from
 * the shared media store with the core's download faults, and gone once the job's result
 * lifetime has passed (the providers' CDN links expire too).
 */
import type { Context } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { ownOrigin } from './request.ts';

/** The download URL of a job's video, on the emulator's own origin. */
export function resultFileUrl(c: Context, prefix: string, job: EmulatorJob, name = 'output.mp4'): string {
  return `${ownOrigin(c)}${prefix}/files/${job.id}/${name}`;
}

export type MissingReason = 'unknown' | 'not_ready' | 'expired';

/**
 * Serves the video of a completed, unexpired job of `face`; otherwise answers with
 * `missing(reason)` (each provider's CDN has its own "not found" shape).
 */
export async function serveResultFile(
  c: Context,
  core: EmulatorCore,
  face: string,
  jobId: string,
  missing: (reason: MissingReason) => Response,
): Promise<Response> {
  const job = core.jobs.get(face, jobId);
  if (!job) return missing('unknown');
  const snapshot = core.snapshot(job);
  if (snapshot.status !== 'completed') return missing('not_ready');
  if (snapshot.expired) return missing('expired');
  return core.serveContent(c, job, 'video');
}
