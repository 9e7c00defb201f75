/**
 * The idempotency key of a generation's provider job: `rg-<id>` for the first job, `rg-<id>-jobN`
 * when a failed job is retried as a new one, so a retried start never creates a second job.
 */
export function nextKey(id: string, job: number): string {
  return job <= 1 ? `rg-${id}` : `rg-${id}-job${job}`;
}

/** The job number a key was made for (1 for the first job). */
export function jobNumber(key: string): number {
  const match = /-job(\d+)$/.exec(key);
  return match ? Number(match[1]) : 1;
}
