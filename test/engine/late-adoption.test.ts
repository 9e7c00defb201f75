/**
 * Late adoption on fake time: a paid job that turns up after its generation ended is attached
 * and its video stored. A start answered 500 after the job was made, on a provider that does
 * not deduplicate and lists a job only once it has ended, ends start_unconfirmed when the grace
 * runs out; a later lookup finds the job and the generation completes. A job that ran past its
 * deadline (timed_out) is attached once the provider reports it done. Neither is started twice,
 * the history shows the move, and the spend ledger charges the one job once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createDefaultCatalog } from '../../src/core/catalog/index.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReelgateError } from '../../src/core/errors.ts';
import { seededRandom } from '../../src/core/random.ts';
import { listSteps } from '../../src/db/queries/generation-steps.ts';
import { openDatabase } from '../../src/db/open.ts';
import type { FoundJob, ProviderBinding } from '../../src/providers/provider-port.ts';
import { FakeProvider, fakeCatalogEntry } from './helpers/fake-provider.ts';

const clock = new FakeClock(Date.UTC(2026, 6, 1));
const RUN_MS = 100_000;
// "late": no progress until 10 minutes, then done (past a 300 s deadline).
const provider = new FakeProvider(clock, (job, now) => {
  const elapsed = now - job.createdAt;
  if (job.prompt.startsWith('late'))
    return elapsed < 600_000 ? { status: 'pending' } : { status: 'completed' };
  return elapsed < RUN_MS
    ? { status: 'pending', progress: Math.floor(elapsed / 1000) }
    : { status: 'completed' };
});

/** The fake, as a provider that does not deduplicate and lists a job only once it ended (like fal). */
function nonDeduplicating(): ProviderBinding {
  const base = provider.binding();
  const model = base.videoModel('fake-1');
  const answeredWith500 = new Set<string>();
  return {
    ...base,
    deduplicatesStarts: false,
    videoModel: () => ({
      ...model,
      doStart: async (options) => {
        const result = await model.doStart!(options);
        if (options.prompt?.includes('[500 after create]') && !answeredWith500.has(options.prompt)) {
          answeredWith500.add(options.prompt);
          throw Object.assign(new Error('Internal Server Error'), { statusCode: 500 });
        }
        return result;
      },
    }),
    classifyError: (error) =>
      error instanceof ReelgateError
        ? error
        : new ReelgateError({
            code: 'provider_outage',
            message: String(error),
            retryable: true,
            cause: error,
          }),
    async findLostJobs(query): Promise<FoundJob[]> {
      return [...provider.jobs.values()]
        .filter((job) => job.prompt === query.prompt && clock.now() - job.createdAt >= RUN_MS)
        .map((job) => ({ operation: { jobId: job.id }, jobId: job.id, matchedBy: 'attributes' as const }));
    },
  };
}

const fakeEntry = fakeCatalogEntry();

let reelgate: Reelgate;
let dataDir: string;
let ids = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-late-'));
  reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    clock,
    random: seededRandom(3),
    db: await openDatabase({}),
    logger: pino({ level: 'silent' }),
    providers: [nonDeduplicating()],
    catalog: createDefaultCatalog([fakeEntry]),
    startWorker: false,
    policy: {
      deadline: { factor: 3, minMs: 0, floorRealMs: 0 },
      ambiguousGraceMs: 20_000,
      lateAdoption: { everyMs: 60_000, windowMs: 3_600_000 },
    },
    newId: () => `late_${++ids}`,
  });
});

afterAll(async () => {
  await reelgate?.close();
  await reelgate?.db.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the worker (and its late-adoption sweeps, every minute) on fake time until `untilMs`. */
async function runUntil(untilMs: number): Promise<void> {
  for (let i = 0; i < 2_000 && clock.now() < untilMs; i++) {
    await reelgate.worker.drain();
    await reelgate.worker.adoptLateJobs();
    await reelgate.worker.drain();
    const next = await reelgate.worker.nextDueAt();
    await clock.set(
      Math.min(untilMs, Math.max(clock.now() + 1, Math.min(next ?? untilMs, clock.now() + 60_000))),
    );
  }
}

test('a start answered 500 after the job was made ends start_unconfirmed, then the job is found and stored', async () => {
  const startsBefore = provider.startCalls.length;
  const created = await reelgate.service.create('acct', {
    prompt: 'a lighthouse [500 after create]',
    model: 'fake-1',
    surface: 'generations',
  });
  // Within the grace the job is not listed yet (it lists only once it ended): unconfirmed.
  await runUntil(clock.now() + 30_000);
  const unconfirmed = await reelgate.service.get('acct', created.id);
  expect(unconfirmed?.status).toBe('failed');
  expect(unconfirmed?.error?.code).toBe('start_unconfirmed');
  expect(provider.startCalls.length - startsBefore).toBe(1);

  await runUntil(clock.now() + 5 * 60_000);
  const done = await reelgate.service.get('acct', created.id);
  expect(done?.status).toBe('completed');
  expect(done?.video?.bytes).toBe(provider.content.byteLength);
  expect(done?.error).toBeNull();
  expect(done?.warnings.join(' ')).toMatch(/turned up after this generation had ended \(start_unconfirmed\)/);
  // Never re-sent: the one job the provider made is the one stored.
  expect(provider.startCalls.length - startsBefore).toBe(1);
  const steps = await listSteps(reelgate.db, created.id);
  const moves = steps.map((step) => `${step.from_state}->${step.to_state}`);
  expect(moves).toContain('submitted->failed');
  expect(moves).toContain('failed->running');
  expect(steps.find((step) => step.from_state === 'failed')?.worker_id).toMatch(/^late-adoption:/);
  expect(moves.at(-1)).toBe('stored->completed');
  // The ledger charged the job once.
  const starts = await reelgate.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM spend_ledger WHERE generation_id = $1 AND kind = 'start'",
    [created.id],
  );
  expect(starts.rows[0]!.n).toBe(1);
});

test('a job that ran past its deadline (timed_out) is attached once the provider reports it done', async () => {
  const created = await reelgate.service.create('acct', {
    prompt: 'late bloomer',
    model: 'fake-1',
    surface: 'generations',
  });
  await runUntil(clock.now() + 400_000);
  const timedOut = await reelgate.service.get('acct', created.id);
  expect(timedOut?.error?.code).toBe('timed_out');
  await runUntil(clock.now() + 10 * 60_000);
  const done = await reelgate.service.get('acct', created.id);
  expect(done?.status).toBe('completed');
  expect(done?.warnings.join(' ')).toMatch(/\(timed_out\)/);
  expect(provider.startCalls.filter((key) => key.includes(created.id))).toHaveLength(1);
});

test('nothing is attached after the window, and a generation that simply failed is never looked up', async () => {
  const created = await reelgate.service.create('acct', {
    prompt: 'late and forgotten',
    model: 'fake-1',
    surface: 'generations',
  });
  await runUntil(clock.now() + 400_000);
  expect((await reelgate.service.get('acct', created.id))?.error?.code).toBe('timed_out');
  // The window is an hour: jump past it before the provider's job is done.
  await clock.set(clock.now() + 2 * 3_600_000);
  expect(await reelgate.worker.adoptLateJobs()).toBe(0);
  expect((await reelgate.service.get('acct', created.id))?.status).toBe('failed');
});
