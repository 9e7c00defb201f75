/**
 * The one creation path: every row (plain, long video, segment) gets its model's own deadline
 * (REELGATE_DEADLINE_MODELS), an id from the injected factory, its estimate and, for what the
 * account sees, a reservation in the spend ledger written with it. Deleting never changes spend.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { createDefaultCatalog } from '../../src/core/catalog/index.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { seededRandom } from '../../src/core/random.ts';
import { openDatabase } from '../../src/db/open.ts';
import { getGeneration } from '../../src/db/queries/get-generation.ts';
import { listSegmentRows, segmentAccountId } from '../../src/db/queries/segments.ts';
import { ledgerEntries } from '../../src/db/queries/spend-ledger.ts';
import { FakeProvider, fakeEntryWithSoraTiming } from './helpers/fake-provider.ts';

const clock = new FakeClock(Date.UTC(2026, 5, 1, 12));
const provider = new FakeProvider(clock, (job, now) =>
  now - job.createdAt < 100_000 ? { status: 'pending', progress: 10 } : { status: 'completed' },
);
const fakeEntry = fakeEntryWithSoraTiming();
const modelDeadlineMs = 777_000;

let reelgate: Reelgate;
let dataDir: string;
let ids = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-create-'));
  reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    clock,
    random: seededRandom(1),
    db: await openDatabase({}),
    logger: pino({ level: 'silent' }),
    providers: [provider.binding()],
    catalog: createDefaultCatalog([fakeEntry]),
    startWorker: false,
    policy: {
      deadline: { factor: 3, minMs: 0, floorRealMs: 0, perModelMs: { 'fake:fake-1': modelDeadlineMs } },
    },
    newId: () => `gen_${++ids}`,
  });
});

afterAll(async () => {
  await reelgate?.close();
  await reelgate?.db.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('a plain generation: injected id, per-model deadline, estimate and reservation written with the row', async () => {
  const created = await reelgate.service.create('acct', {
    prompt: 'a fox',
    model: 'fake-1',
    surface: 'videos',
  });
  expect(created.id).toMatch(/^gen_\d+$/);
  const row = await getGeneration(reelgate.db, 'acct', created.id);
  expect(row!.deadline_at).toBe(row!.created_at + modelDeadlineMs);
  expect(created.estimate?.totalUsd).toBeGreaterThan(0);
  expect(row!.inputs).toEqual({ version: 1 });
  const entries = await ledgerEntries(reelgate.db, created.id);
  expect(entries).toEqual([
    {
      kind: 'reserve',
      sourceId: created.id,
      amountUsd: created.estimate!.totalUsd,
      entryKey: `reserve:${created.id}`,
    },
  ]);
});

test('a long video and its segments get the model deadline and injected ids', async () => {
  const duration = fakeEntry.maxDurationPerCallSeconds * 2 + 2;
  const created = await reelgate.service.create('acct', {
    prompt: 'a long walk along the coast',
    model: 'fake-1',
    durationSeconds: duration,
    surface: 'generations',
  });
  expect(created.id).toMatch(/^gen_\d+$/);
  expect(created.plan?.count).toBeGreaterThan(1);
  const parent = await getGeneration(reelgate.db, 'acct', created.id);
  expect(parent!.deadline_at).toBe(parent!.created_at + modelDeadlineMs);
  await reelgate.worker.drain();
  const segments = await listSegmentRows(reelgate.db, created.id);
  expect(segments.length).toBeGreaterThan(0);
  for (const segment of segments) {
    expect(segment.account_id).toBe(segmentAccountId('acct'));
    expect(segment.id).toMatch(/^gen_\d+$/);
    expect(segment.deadline_at).toBe(segment.created_at + modelDeadlineMs);
    expect(segment.estimate).toBeTruthy();
  }
  // Segment starts are charged to the long video, not to the internal segment account.
  const entries = await ledgerEntries(reelgate.db, created.id);
  expect(entries.filter((entry) => entry.kind === 'start').map((entry) => entry.sourceId)).toEqual(
    segments.filter((segment) => segment.provider_job_id).map((segment) => segment.id),
  );
});

test('usage reads the ledger (per day, per model) and deleting a video does not change spend', async () => {
  const created = await reelgate.service.create('spender', {
    prompt: 'a boat',
    model: 'fake-1',
    surface: 'videos',
  });
  for (let i = 0; i < 200; i++) {
    await reelgate.worker.drain();
    const next = await reelgate.worker.nextDueAt();
    if (next === undefined) break;
    await clock.set(Math.max(next, clock.now()));
    if ((await reelgate.service.get('spender', created.id))?.state === 'completed') break;
  }
  expect((await reelgate.service.get('spender', created.id))?.state).toBe('completed');
  const before = await reelgate.service.usage('spender');
  expect(before.day.spentUsd).toBe(created.estimate!.totalUsd);
  expect(before.day.reservedUsd).toBe(0);
  expect(before.byDay).toEqual([
    {
      date: new Date(created.createdAt).toISOString().slice(0, 10),
      costUsd: created.estimate!.totalUsd,
      count: 1,
    },
  ]);
  expect(before.perModel).toEqual([{ model: 'fake:fake-1', costUsd: created.estimate!.totalUsd, count: 1 }]);
  expect(await reelgate.service.delete('spender', created.id)).toBe(true);
  const after = await reelgate.service.usage('spender');
  expect(after.day.spentUsd).toBe(before.day.spentUsd);
  expect(after.month.spentUsd).toBe(before.month.spentUsd);
  await expect(reelgate.db.query('DELETE FROM spend_ledger')).rejects.toThrow(/append-only/);
});
