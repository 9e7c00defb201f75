/** The Video object (`VideoResource`) as OpenAI's API returns it. */
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';

export interface VideoResource {
  id: string;
  object: 'video';
  model: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed';
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string | null;
  size: string;
  seconds: string;
  remixed_from_video_id: string | null;
  error: { code: string; message: string } | null;
}

const toSeconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

export function videoResource(core: EmulatorCore, job: EmulatorJob): VideoResource {
  const snapshot = core.snapshot(job);
  return {
    id: job.id,
    object: 'video',
    model: job.model,
    status: snapshot.status,
    progress: snapshot.progress,
    created_at: toSeconds(snapshot.createdAtMs)!,
    completed_at: toSeconds(snapshot.completedAtMs),
    expires_at: toSeconds(snapshot.expiresAtMs),
    prompt: job.prompt,
    size: `${job.width}x${job.height}`,
    seconds: String(job.seconds),
    remixed_from_video_id:
      typeof job.attributes.remixedFromVideoId === 'string' ? job.attributes.remixedFromVideoId : null,
    error: snapshot.error,
  };
}
