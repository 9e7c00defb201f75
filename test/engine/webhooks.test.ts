/**
 * The webhook path: the emulator's signed `video.completed` events make the engine check at
 * once (polling is set so sparse that only a webhook can explain a quick finish); duplicates and
 * replays are ignored, bad signatures refused, unknown events answered 2xx and ignored.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.ts';
import { seriesValue } from '../../src/worker/metrics.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    db: 'pglite',
    webhooks: true,
    // At 1000x speed this is a 60 s floor between checks: the first check would come far too
    // late, so a quick completion can only come from a webhook.
    policy: { poll: { minIntervalMs: 60_000_000, maxIntervalMs: 600_000_000 } },
  });
});

afterAll(async () => {
  await h?.close();
});

function signed(body: object, id: string, at = new Date()): { headers: Headers; raw: string } {
  const raw = JSON.stringify(body);
  const signature = new Webhook(h.webhookSecret!).sign(id, at, raw);
  return {
    raw,
    headers: new Headers({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
      'content-type': 'application/json',
    }),
  };
}

test('a signed video.completed webhook drives the generation to completion without waiting for a poll', async () => {
  const started = Date.now();
  const created = await h.reelgate.service.create('acct_w', {
    prompt: 'a heron taking off',
    surface: 'generations',
  });
  const final = await h.finished(created.id, 15_000);
  expect(final.generation.status).toBe('completed');
  expect(Date.now() - started).toBeLessThan(15_000);
  const row = await h.reelgate.db.query<{ status_checks: number }>(
    'SELECT status_checks FROM generations WHERE id = $1',
    [created.id],
  );
  expect(Number(row.rows[0]?.status_checks)).toBe(1);
  expect(
    await seriesValue(h.reelgate.metrics.webhooks, { provider: 'openai', outcome: 'accepted' }),
  ).toBeGreaterThanOrEqual(1);
  const deliveries = h.emulator.stats().webhooks.deliveries;
  expect(deliveries.some((delivery) => delivery.type === 'video.completed' && delivery.ok)).toBe(true);
});

test('duplicates and replays are ignored, bad signatures refused, unknown events acknowledged', async () => {
  const handler = h.reelgate.providerWebhooks;
  const event = {
    id: 'evt_dup_1',
    object: 'event',
    created_at: 1,
    type: 'video.completed',
    data: { id: 'video_unknown' },
  };
  const first = signed(event, 'msg_dup_1');
  expect(await handler.handle('openai', first.headers, first.raw)).toEqual({
    status: 200,
    outcome: 'unknown_job',
  });
  expect(await handler.handle('openai', first.headers, first.raw)).toEqual({
    status: 200,
    outcome: 'duplicate',
  });

  const tampered = signed(event, 'msg_bad_1');
  expect(
    await handler.handle('openai', tampered.headers, tampered.raw.replace('video_unknown', 'video_other')),
  ).toEqual({
    status: 401,
    outcome: 'rejected',
  });
  const stale = signed({ ...event, id: 'evt_old' }, 'msg_old_1', new Date(Date.now() - 3_600_000));
  expect((await handler.handle('openai', stale.headers, stale.raw)).status).toBe(401);

  const unknown = signed(
    { id: 'evt_x', object: 'event', created_at: 1, type: 'batch.completed', data: { id: 'b' } },
    'msg_x',
  );
  expect(await handler.handle('openai', unknown.headers, unknown.raw)).toEqual({
    status: 200,
    outcome: 'ignored',
  });
  expect((await handler.handle('nope', unknown.headers, unknown.raw)).status).toBe(404);
});
