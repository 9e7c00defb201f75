/**
 * The emulator's jobs on disk, so an emulator that restarts (the gateway's built-in one after a
 * `kill -9`) still knows the jobs it made, their timing and their outcome, as a real provider
 * does. An append-only JSON Lines file: every change appends the whole job, the last line of an
 * id wins. Appends are synchronous, so a job exists on disk before its create is answered; a
 * torn last line (the process died mid-write) is skipped. Loading rewrites the file compacted.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorJob } from './job-store.ts';

export class JobJournal {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** Every job recorded, in creation order; compacts the file. Missing file: no jobs. */
  load(): EmulatorJob[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const jobs = new Map<string, EmulatorJob>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const job = parseJob(line);
      // A torn last line (killed mid-append) or a foreign line is not a job.
      if (job) jobs.set(job.id, job);
    }
    const loaded = [...jobs.values()].sort((a, b) => a.sequence - b.sequence);
    this.#rewrite(loaded);
    return loaded;
  }

  append(job: EmulatorJob): void {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${serialize(job)}\n`);
  }

  clear(): void {
    this.#rewrite([]);
  }

  #rewrite(jobs: EmulatorJob[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, jobs.map((job) => `${serialize(job)}\n`).join(''));
    renameSync(temporary, this.file);
  }
}

/** JSON has no Infinity: a job that never ends (`hang`) is written with `terminalAtMs: null`. */
function serialize(job: EmulatorJob): string {
  return JSON.stringify(job, (key, value) =>
    key === 'terminalAtMs' && value === Number.POSITIVE_INFINITY ? null : value,
  );
}

function parseJob(line: string): EmulatorJob | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const job = value as EmulatorJob | null;
  if (!job || typeof job.id !== 'string' || typeof job.face !== 'string' || !job.timeline) return undefined;
  if (job.timeline.terminalAtMs === null) job.timeline.terminalAtMs = Number.POSITIVE_INFINITY;
  return job;
}
