/**
 * Listing jobs with their status for status sweeps, against the emulator's OpenAI face with the
 * official `openai` package: `GET /videos` pages (100 a page, newest first, `after` as cursor)
 * show each video's status and progress, and a completed video's entry yields exactly the
 * status result `doStatus` returns for it. Replicate's `GET /v1/predictions` shows status only.
 * Providers without such a list have no lister.
 */
import { expect, it } from 'vitest';
import { emulatorProvidersForFile } from './helpers.ts';

const world = emulatorProvidersForFile();

async function startOne(prompt: string, key: string) {
  const binding = world.registry.get('openai')!;
  const started = await binding.videoModel('sora-2').doStart!({
    prompt,
    n: 1,
    duration: 4,
    providerOptions: {},
    headers: { 'Idempotency-Key': key },
  } as never);
  return { binding, operation: started.operation, jobId: binding.jobIdOf(started.operation)! };
}

it('OpenAI-compatible and Replicate list jobs with their status; only OpenAI shows progress', () => {
  const listers = [...world.registry.bindings().values()].filter((binding) => binding.listJobStatuses);
  expect(listers.map((binding) => binding.name).sort()).toEqual(['openai', 'replicate']);
  expect(listers.filter((binding) => binding.listShowsProgress).map((binding) => binding.name)).toEqual([
    'openai',
  ]);
});

it('Replicate: predictions listed newest first with their status, no progress and no result', async () => {
  const binding = world.registry.get('replicate')!;
  const sinceMs = Date.now() - 1_000;
  const start = async (prompt: string) => {
    const started = await binding.videoModel('minimax/hailuo-02').doStart!({
      prompt,
      n: 1,
      duration: 6,
      providerOptions: {},
      headers: { 'Idempotency-Key': `rg-${prompt}` },
    } as never);
    return { operation: started.operation, jobId: binding.jobIdOf(started.operation)! };
  };
  const first = await start('replicate-first');
  const second = await start('replicate-second');
  const listed = await binding.listJobStatuses!(sinceMs, { maxPages: 5 });
  const ids = listed.jobs.map((job) => job.jobId);
  expect(ids.indexOf(second.jobId)).toBeGreaterThanOrEqual(0);
  expect(ids.indexOf(second.jobId)).toBeLessThan(ids.indexOf(first.jobId));
  expect(listed.jobs.every((job) => job.progress === null && job.result === undefined)).toBe(true);
  const model = binding.videoModel('minimax/hailuo-02');
  let status = await model.doStatus!({ operation: first.operation as never });
  for (let attempt = 0; attempt < 2_000 && status.status === 'pending'; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    status = await model.doStatus!({ operation: first.operation as never });
  }
  expect(status.status).toBe('completed');
  const after = await binding.listJobStatuses!(sinceMs, { maxPages: 5 });
  expect(after.jobs.find((job) => job.jobId === first.jobId)?.state).toBe('completed');
  const older = await binding.listJobStatuses!(sinceMs, { maxPages: 5, startAfterJobId: second.jobId });
  expect(older.jobs.map((job) => job.jobId)).toContain(first.jobId);
  expect(older.jobs.map((job) => job.jobId)).not.toContain(second.jobId);
});

it('lists running and completed videos with status and progress; a completed one carries its status result', async () => {
  const sinceMs = Date.now() - 1_000;
  const first = await startOne('a lighthouse at dusk', 'rg-list-1');
  const second = await startOne('a fox in snow', 'rg-list-2');
  const listed = await first.binding.listJobStatuses!(sinceMs, { maxPages: 5 });
  expect(listed.calls).toBe(1);
  const ids = listed.jobs.map((job) => job.jobId);
  // Newest first.
  expect(ids.indexOf(second.jobId)).toBeLessThan(ids.indexOf(first.jobId));
  for (const job of listed.jobs.filter((one) => [first.jobId, second.jobId].includes(one.jobId))) {
    expect(['pending', 'completed']).toContain(job.state);
    if (job.state === 'pending') expect(job.result).toBeUndefined();
  }
  // Once done, the listed entry says what doStatus says.
  let status = await first.binding.videoModel('sora-2').doStatus!({ operation: first.operation as never });
  for (let attempt = 0; attempt < 2_000 && status.status === 'pending'; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    status = await first.binding.videoModel('sora-2').doStatus!({ operation: first.operation as never });
  }
  expect(status.status).toBe('completed');
  const after = await first.binding.listJobStatuses!(sinceMs, { maxPages: 5 });
  const entry = after.jobs.find((job) => job.jobId === first.jobId)!;
  expect(entry.state).toBe('completed');
  expect(entry.progress).toBe(100);
  const { response: _listed, ...fromList } = entry.result!;
  const { response: _retrieved, ...fromStatus } = status;
  expect(fromList).toEqual(fromStatus);
  // The cursor: only videos older than the one named.
  const older = await first.binding.listJobStatuses!(sinceMs, { maxPages: 5, startAfterJobId: second.jobId });
  expect(older.jobs.map((job) => job.jobId)).toContain(first.jobId);
  expect(older.jobs.map((job) => job.jobId)).not.toContain(second.jobId);
});

it('reads at most the pages asked for, 100 videos a page', async () => {
  const sinceMs = Date.now() - 1_000;
  const binding = world.registry.get('openai')!;
  for (let index = 0; index < 105; index++) await startOne(`clip ${index}`, `rg-page-${index}`);
  const one = await binding.listJobStatuses!(sinceMs, { maxPages: 1 });
  expect(one.calls).toBe(1);
  expect(one.jobs).toHaveLength(100);
  const all = await binding.listJobStatuses!(sinceMs, { maxPages: 5 });
  expect(all.calls).toBe(2);
  expect(all.jobs.length).toBeGreaterThanOrEqual(105);
});
