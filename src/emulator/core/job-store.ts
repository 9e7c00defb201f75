/**
 * Jobs kept in memory (metadata only; media lives on disk in the media store), and in a
 * journal on disk when one is given (see job-journal.ts). Every face shares the same store; a
 * job belongs to the face that created it.
 */
import type { RenderSegment } from '../../media/render.ts';
import type { JobJournal } from './job-journal.ts';
import type { TimelinePoints } from './timing.ts';

export interface JobFailure {
  code: string;
  message: string;
}

export interface EmulatorJob {
  id: string;
  /** Name of the face that created the job (e.g. "openai"). */
  face: string;
  /** Creation order, to break ties between jobs created in the same millisecond. */
  sequence: number;
  model: string;
  prompt: string;
  width: number;
  height: number;
  /** Total seconds of the result (for extensions: the stitched total). */
  seconds: number;
  /** What the rendered video shows, segment by segment. */
  segments: RenderSegment[];
  /** An image (path on disk) the video starts with, e.g. the reference image. */
  firstFrameImage: string | null;
  timeline: TimelinePoints;
  /** Why the job fails, when it does. */
  failure: JobFailure | null;
  /** How long the result stays downloadable after completion. */
  resultLifetimeMs: number;
  idempotencyKey: string | null;
  /** Face-specific fields (e.g. remixed_from_video_id). */
  attributes: Record<string, unknown>;
  deleted: boolean;
  /** Content requests served for this job (download faults count per job). */
  downloads: number;
  /** Whether the core sends the default (OpenAI-style) webhook when the job ends. */
  defaultWebhook?: boolean;
  /** Set once the job's end was announced (terminal listeners, webhook), so a restart does not repeat it. */
  endAnnounced?: boolean;
}

export type ListOrder = 'asc' | 'desc';

export class JobStore {
  readonly #jobs = new Map<string, EmulatorJob>();
  readonly #byIdempotencyKey = new Map<string, string>();
  readonly #journal: JobJournal | null;
  #sequence = 0;

  /** With a journal, the jobs it recorded are loaded at once and every change is appended to it. */
  constructor(journal: JobJournal | null = null) {
    this.#journal = journal;
    for (const job of journal?.load() ?? []) {
      this.#index(job);
      this.#sequence = Math.max(this.#sequence, job.sequence);
    }
  }

  /** Jobs loaded from the journal (all jobs, for a store without one). */
  all(): EmulatorJob[] {
    return [...this.#jobs.values()];
  }

  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  add(job: EmulatorJob): void {
    this.#index(job);
    this.#journal?.append(job);
  }

  /** Records a change to a job (cancel, deletion, webhook sent) in the journal. */
  save(job: EmulatorJob): void {
    this.#journal?.append(job);
  }

  #index(job: EmulatorJob): void {
    this.#jobs.set(job.id, job);
    if (job.idempotencyKey !== null) {
      this.#byIdempotencyKey.set(idempotencyScope(job.face, job.idempotencyKey), job.id);
    }
  }

  /** A live (not deleted) job of `face`, if any. */
  get(face: string, id: string): EmulatorJob | undefined {
    const job = this.#jobs.get(id);
    return job && job.face === face && !job.deleted ? job : undefined;
  }

  /** Any job by id, deleted or not, whatever its face (for internal use). */
  getAny(id: string): EmulatorJob | undefined {
    return this.#jobs.get(id);
  }

  /** The job an earlier create with this Idempotency-Key made, if any. */
  byIdempotencyKey(face: string, key: string): EmulatorJob | undefined {
    const id = this.#byIdempotencyKey.get(idempotencyScope(face, key));
    return id === undefined ? undefined : this.#jobs.get(id);
  }

  /** Live jobs of `face`, oldest first for `asc`, newest first for `desc`. */
  list(face: string, order: ListOrder): EmulatorJob[] {
    const jobs = [...this.#jobs.values()].filter((job) => job.face === face && !job.deleted);
    jobs.sort((a, b) => a.timeline.createdAtMs - b.timeline.createdAtMs || a.sequence - b.sequence);
    return order === 'asc' ? jobs : jobs.reverse();
  }

  markDeleted(job: EmulatorJob): void {
    job.deleted = true;
    this.save(job);
  }

  clear(): void {
    this.#jobs.clear();
    this.#byIdempotencyKey.clear();
    this.#journal?.clear();
  }

  get size(): number {
    return this.#jobs.size;
  }
}

function idempotencyScope(face: string, key: string): string {
  return `${face}\u0000${key}`;
}
