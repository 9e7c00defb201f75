/**
 * Deadlines survive restarts, and downloads go in order of result expiry. A reelgate process
 * is closed with generations in flight, fake time jumps hours ahead, a new process opens on
 * the same database: every overdue generation ends (timed_out after one last check and a
 * cancel where the provider has one; a result whose link expired meanwhile ends expired), and
 * a row that lost its schedule is swept up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { claimDue } from '../../src/db/queries/claim-due.ts';
import { ACCOUNT, createWorld, faces, type LifecycleWorld, providerJobId, settle } from './harness.ts';

let world: LifecycleWorld;

beforeAll(async () => {
  world = await createWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const face = (name: string) => faces.find((item) => item.face === name)!;
const isActive = (status: string) => status === 'queued' || status === 'running';

describe('after a restart with overdue rows', () => {
  it('ends every overdue generation: timed_out, expired, or swept up when it lost its schedule', async () => {
    const first = await world.open();
    const create = (name: string, prompt: string) => {
      const item = face(name);
      return first.service.create(ACCOUNT, {
        prompt,
        model: item.model,
        resolution: item.resolution,
        durationSeconds: item.durationSeconds,
        surface: 'generations',
      });
    };
    const hungOpenai = await create('openai', 'a clock tower [[fault:hang]]');
    const hungFal = await create('fal', 'a clock tower [[fault:hang]]');
    const finishesWhileDown = await create('xai', 'a harbour at dawn');
    const lostSchedule = await create('replicate', 'a hot air balloon [[fault:hang]]');
    for (const generation of [hungOpenai, hungFal, finishesWhileDown, lostSchedule]) {
      await settle(first, world.clock, generation.id, { until: (current) => isActive(current.status) });
      expect(await providerJobId(first, generation.id)).toBeTruthy();
    }
    // A row whose next check was lost (a bug, a manual edit): only the sweep can find it.
    await first.db.query('UPDATE generations SET next_check_at = NULL WHERE id = $1', [lostSchedule.id]);
    await first.close();

    // Down for three hours: past every deadline, and past xAI's result lifetime (1 h here).
    await world.clock.advance(3 * 3600_000);
    const second = await world.open();
    const falJob = (await providerJobId(second, hungFal.id))!;
    const falCallsBefore = world.traffic.callsFor(falJob);

    // One generation at a time: fake time moves only between steps, never under one.
    const ended: Array<{ id: string; final: Awaited<ReturnType<typeof settle>> }> = [];
    for (const generation of [hungOpenai, hungFal, finishesWhileDown, lostSchedule]) {
      ended.push({ id: generation.id, final: await settle(second, world.clock, generation.id) });
    }
    const byId = new Map(ended.map((item) => [item.id, item.final]));
    expect(byId.get(hungOpenai.id)?.error?.code).toBe('timed_out');
    expect(byId.get(hungFal.id)?.error?.code).toBe('timed_out');
    expect(byId.get(lostSchedule.id)?.error?.code).toBe('timed_out');
    // One last check at the provider before giving up, then a cancel where it has one.
    expect(world.traffic.callsFor(falJob)).toBeGreaterThan(falCallsBefore);
    expect(world.traffic.cancelCalls.some((path) => path.includes(falJob))).toBe(true);
    const late = byId.get(finishesWhileDown.id)!;
    expect(late.status).toBe('expired');
    expect(late.error?.code).toBe('result_expired');
    expect(await second.worker.nextDueAt()).toBeUndefined();
    await second.close();
  });
});

describe('download order', () => {
  it('claims the copies whose result links expire soonest first, before other due work', async () => {
    const reelgate = await world.open();
    const now = world.clock.now();
    const item = face('openai');
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      const created = await reelgate.service.create(ACCOUNT, {
        prompt: `order ${index}`,
        model: item.model,
        surface: 'generations',
      });
      ids.push(created.id);
    }
    const [running, laterExpiry, soonestExpiry, middleExpiry] = ids as [string, string, string, string];
    await reelgate.db.query(`UPDATE generations SET state = 'running', next_check_at = $2 WHERE id = $1`, [
      running,
      now - 60_000,
    ]);
    for (const [id, expiresIn] of [
      [laterExpiry, 3 * 3600_000],
      [soonestExpiry, 10 * 60_000],
      [middleExpiry, 3600_000],
    ] as const) {
      await reelgate.db.query(
        `UPDATE generations SET state = 'downloading', next_check_at = $2, result_expires_at = $3 WHERE id = $1`,
        [id, now, now + expiresIn],
      );
    }
    const order: string[] = [];
    for (let round = 0; round < 4; round++) {
      const [row] = await claimDue(reelgate.db, {
        workerId: 'order-test',
        nowMs: now,
        leaseMs: 60_000,
        limit: 1,
      });
      order.push(row!.id);
    }
    expect(order).toEqual([soonestExpiry, middleExpiry, laterExpiry, running]);
    const batch = await reelgate.db.query<{ id: string }>(
      `UPDATE generations SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ANY($1) RETURNING id`,
      [ids],
    );
    expect(batch.rows).toHaveLength(4);
    const claimed = await claimDue(reelgate.db, {
      workerId: 'order-test',
      nowMs: now,
      leaseMs: 60_000,
      limit: 4,
    });
    expect(claimed.map((row) => row.id)).toEqual([soonestExpiry, middleExpiry, laterExpiry, running]);
    await reelgate.db.query(
      `UPDATE generations SET state = 'canceled', next_check_at = NULL WHERE id = ANY($1)`,
      [ids],
    );
    await reelgate.close();
  });
});

describe('deadline configuration', () => {
  it('gives every generation a deadline from the typical time, or the per-model window when configured', async () => {
    const config = loadConfig({
      REELGATE_DEADLINE_FACTOR: '3',
      REELGATE_DEADLINE_MODELS: 'openai:sora-2=2400, fal:fal-ai/bytedance/seedance/v1/pro/text-to-video=600',
    });
    expect(config.worker.deadline.factor).toBe(3);
    expect(config.worker.deadline.perModelMs).toEqual({
      'openai:sora-2': 2_400_000,
      'fal:fal-ai/bytedance/seedance/v1/pro/text-to-video': 600_000,
    });
    expect(() => loadConfig({ REELGATE_DEADLINE_MODELS: 'openai:sora-2' })).toThrow(
      /REELGATE_DEADLINE_MODELS/,
    );

    const reelgate = await world.open({
      policy: {
        deadline: {
          factor: 4,
          minMs: 15 * 60_000,
          floorRealMs: 30_000,
          perModelMs: config.worker.deadline.perModelMs,
        },
      },
    });
    const created = await Promise.all(
      ['openai', 'xai'].map((name) => {
        const item = face(name);
        return reelgate.service.create(ACCOUNT, {
          prompt: `deadline ${name}`,
          model: item.model,
          resolution: item.resolution,
          durationSeconds: item.durationSeconds,
          surface: 'generations',
        });
      }),
    );
    const windows = await Promise.all(
      created.map(async (generation) => {
        const row = await reelgate.db.query<{ deadline_at: string; created_at: string }>(
          'SELECT deadline_at, created_at FROM generations WHERE id = $1',
          [generation.id],
        );
        return Number(row.rows[0]!.deadline_at) - Number(row.rows[0]!.created_at);
      }),
    );
    expect(windows[0]).toBe(2_400_000);
    // No override: factor x typical time, at least the 15-minute minimum.
    expect(windows[1]).toBeGreaterThanOrEqual(15 * 60_000);
    await reelgate.db.query(
      `UPDATE generations SET state = 'canceled', next_check_at = NULL WHERE id = ANY($1)`,
      [created.map((generation) => generation.id)],
    );
    await reelgate.close();
  });
});
