import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { openDatabase } from '../../src/db/open.ts';

let reelgate: Reelgate;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rg-engine-'));
  const config = loadConfig({
    REELGATE_DATA_DIR: dir,
    REELGATE_EMULATOR_SPEED: '1000',
    REELGATE_EMULATOR_SEED: '1',
  });
  reelgate = await createReelgate(config, {
    db: await openDatabase({}),
    logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
  });
});

afterAll(async () => {
  await reelgate?.close();
  await reelgate?.db.close();
  await rm(dir, { recursive: true, force: true });
});

test('a generation completes against the in-process emulator', async () => {
  const created = await reelgate.service.create('acct_a', {
    prompt: 'a red fox in the snow',
    surface: 'generations',
    resolution: '720p',
    durationSeconds: 4,
  });
  expect(created.status).toBe('queued');
  const done = await reelgate.events.next({
    generationId: created.id,
    types: ['generation:completed', 'generation:failed'],
  });
  expect(done.type).toBe('generation:completed');
  const got = await reelgate.service.get('acct_a', created.id);
  expect(got?.video?.bytes).toBeGreaterThan(1000);
  expect(await reelgate.service.get('acct_b', created.id)).toBeUndefined();
  console.log(reelgate.emulator?.stats());
});
