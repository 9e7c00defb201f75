/**
 * Outgoing webhooks end to end on PGlite and on the real PostgreSQL (own database): events become
 * deliveries, deliveries are signed and POSTed through the outbound guard to a receiver on
 * 127.0.0.1 (explicitly allowed here), retried with backoff on fake time, recorded, replayable,
 * never sent twice by two workers, and refused for private targets.
 */
import OpenAI from 'openai';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import type { GenerationEvent } from '../../src/core/generation.ts';
import { seededRandom } from '../../src/core/random.ts';
import { createGuardedFetch } from '../../src/net/outbound-guard.ts';
import { WebhookDeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import { WebhookEnqueuer } from '../../src/webhooks/enqueue.ts';
import { claimDueDeliveries, replayDelivery } from '../../src/webhooks/queries/deliveries.ts';
import { insertEndpoint } from '../../src/webhooks/queries/endpoints.ts';
import { defaultRetryDelaysMs } from '../../src/webhooks/retry-schedule.ts';
import { createSecretBox, generateWebhookSecret } from '../../src/webhooks/secrets.ts';
import {
  fakeGeneration,
  insertAccount,
  openTestDatabase,
  type Receiver,
  startReceiver,
  type TestDatabase,
} from './support.ts';

describe.each(['pglite', 'postgres'] as const)('webhook delivery on %s', (kind) => {
  let database: TestDatabase;
  let receiver: Receiver;
  let clock: FakeClock;
  const box = createSecretBox('test key material');
  let counter = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    receiver = await startReceiver();
    await insertAccount(database.db, 'acct_1');
    await insertAccount(database.db, 'acct_2');
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.close();
  });
  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    receiver.requests.length = 0;
    receiver.respond = (_request, response) => {
      response.writeHead(200);
      response.end('ok');
    };
    // Each test starts from an empty queue.
    await database.db.query('DELETE FROM webhook_endpoints');
  });

  async function endpoint(options: { accountId?: string; url?: string; eventTypes?: string[] } = {}) {
    const secret = generateWebhookSecret();
    const row = await insertEndpoint(database.db, {
      id: `whep_${kind}_${++counter}`,
      accountId: options.accountId ?? 'acct_1',
      url: options.url ?? `${receiver.url}/hooks/${counter}`,
      description: null,
      secret: box.seal(secret),
      eventTypes: options.eventTypes ?? [
        'video.completed',
        'video.failed',
        'video.canceled',
        'video.progress',
      ],
      nowMs: clock.now(),
    });
    return { row, secret };
  }

  function worker(extra: Partial<ConstructorParameters<typeof WebhookDeliveryWorker>[0]> = {}) {
    return new WebhookDeliveryWorker({
      db: database.db,
      fetch: createGuardedFetch({ allowHttp: true, allowedCidrs: ['127.0.0.0/8'], clock }),
      clock,
      random: seededRandom(1),
      secrets: box,
      timeoutMs: 5_000,
      ...extra,
    });
  }

  function event(
    type: GenerationEvent['type'],
    overrides: Parameters<typeof fakeGeneration>[0] = {},
  ): GenerationEvent {
    return { type, generation: fakeGeneration(overrides), at: clock.now() };
  }

  it('enqueues one delivery per matching endpoint of the account, once per event', async () => {
    const all = await endpoint();
    const failuresOnly = await endpoint({ eventTypes: ['video.failed'] });
    await endpoint({ accountId: 'acct_2' });
    const enqueuer = new WebhookEnqueuer({ db: database.db, clock });
    expect(await enqueuer.enqueue(event('generation:completed'))).toBe(1);
    expect(await enqueuer.enqueue(event('generation:completed'))).toBe(0); // same event again
    expect(await enqueuer.enqueue(event('generation:failed', { id: 'video_2' }))).toBe(2);
    expect(await enqueuer.enqueue(event('generation:submitted'))).toBe(0);
    const rows = await database.db.query<{ endpoint_id: string; event_type: string }>(
      'SELECT endpoint_id, event_type FROM webhook_deliveries ORDER BY event_type, endpoint_id',
    );
    expect(rows.rows).toEqual([
      { endpoint_id: all.row.id, event_type: 'video.completed' },
      { endpoint_id: all.row.id, event_type: 'video.failed' },
      { endpoint_id: failuresOnly.row.id, event_type: 'video.failed' },
    ]);
  });

  it('throttles progress events (per step and per interval) without blocking the caller', async () => {
    await endpoint();
    const enqueuer = new WebhookEnqueuer({ db: database.db, clock, progressMinIntervalMs: 5_000 });
    const progress = (value: number) => event('generation:progress', { progress: value, status: 'running' });
    for (const value of [5, 12, 15, 19]) enqueuer.handle(progress(value)); // steps 0 and 10 within 0 s
    await enqueuer.drain();
    await clock.advance(5_000);
    enqueuer.handle(progress(25));
    enqueuer.handle(progress(33)); // too soon after 25
    await enqueuer.drain();
    await clock.advance(5_000);
    enqueuer.handle(progress(38)); // same step as 33 but 33 was throttled: sent as step 30
    enqueuer.handle(event('generation:completed'));
    await enqueuer.drain();
    const rows = await database.db.query<{ event_id: string }>(
      'SELECT event_id FROM webhook_deliveries ORDER BY created_at, event_id',
    );
    expect(rows.rows.map((row) => row.event_id)).toEqual([
      'evt_video_abc123_progress_0',
      'evt_video_abc123_progress_20',
      'evt_video_abc123_completed',
      'evt_video_abc123_progress_30',
    ]);
  });

  it('an enqueue failure never reaches the event emitter', async () => {
    const errors: unknown[] = [];
    const broken = new WebhookEnqueuer({
      db: { query: () => Promise.reject(new Error('database down')) },
      clock,
      onError: (error) => errors.push(error),
    });
    expect(() => broken.handle(event('generation:completed'))).not.toThrow();
    await broken.drain();
    expect(errors).toHaveLength(1);
  });

  it('delivers signed requests that standardwebhooks and openai.webhooks.unwrap() accept', async () => {
    const { row, secret } = await endpoint();
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    const results = await worker().runOnce();
    expect(results).toMatchObject([{ statusCode: 200, outcome: 'delivered', attempt: 1, recorded: true }]);
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.path).toBe(new URL(row.url).pathname);
    expect(request.headers['content-type']).toBe('application/json');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(headers['webhook-id']).toBe('evt_video_abc123_completed');
    expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({ type: 'video.completed' });
    const unwrapped = await new OpenAI({ apiKey: 'unused', webhookSecret: secret }).webhooks.unwrap(
      request.body,
      headers,
    );
    expect(unwrapped).toMatchObject({ type: 'video.completed', data: { id: 'video_abc123' } });
    const stored = await database.db.query(
      'SELECT status, attempt_count, last_status_code FROM webhook_deliveries',
    );
    expect(stored.rows[0]).toMatchObject({ status: 'delivered', attempt_count: 1, last_status_code: 200 });
  });

  it('retries with backoff over the schedule on fake time, recording each attempt', async () => {
    const { secret } = await endpoint();
    let failuresLeft = 4;
    receiver.respond = (_request, response) => {
      const failing = failuresLeft-- > 0;
      response.writeHead(failing ? (failuresLeft % 2 ? 503 : 500) : 204);
      response.end();
    };
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:failed'));
    const delivering = worker();
    const attemptTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      const due = await database.db.query<{ next_attempt_at: number | string }>(
        'SELECT next_attempt_at FROM webhook_deliveries',
      );
      const dueAt = Number(due.rows[0]!.next_attempt_at);
      if (round > 0) {
        // One millisecond early: nothing is sent.
        await clock.set(dueAt - 1);
        expect(await delivering.runOnce()).toHaveLength(0);
      }
      await clock.set(dueAt);
      attemptTimes.push(clock.now());
      expect(await delivering.runOnce()).toHaveLength(1);
    }
    const gaps = attemptTimes.slice(1).map((at, index) => at - attemptTimes[index]!);
    gaps.forEach((gap, index) => {
      const base = defaultRetryDelaysMs[index]!;
      expect(gap).toBeGreaterThanOrEqual(base * 0.9);
      expect(gap).toBeLessThanOrEqual(base * 1.1);
    });
    expect(receiver.requests).toHaveLength(5);
    // Same message id every time; each attempt signed for its own timestamp.
    for (const request of receiver.requests) {
      expect(request.headers['webhook-id']).toBe('evt_video_abc123_failed');
      const at = new Date(Number(request.headers['webhook-timestamp']) * 1000);
      expect(request.headers['webhook-signature']).toBe(
        new Webhook(secret).sign('evt_video_abc123_failed', at, request.body),
      );
    }
    const attempts = await database.db.query<{ attempt: number; status_code: number | null }>(
      'SELECT attempt, status_code FROM webhook_attempts ORDER BY attempt',
    );
    expect(attempts.rows.map((row) => [Number(row.attempt), row.status_code])).toEqual([
      [1, 503],
      [2, 500],
      [3, 503],
      [4, 500],
      [5, 204],
    ]);
    const final = await database.db.query(
      'SELECT status, attempt_count, delivered_at FROM webhook_deliveries',
    );
    expect(final.rows[0]).toMatchObject({ status: 'delivered', attempt_count: 5 });
  });

  it('gives up as failed after the last scheduled attempt', async () => {
    await endpoint();
    receiver.respond = (_request, response) => {
      response.writeHead(500);
      response.end();
    };
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    const delivering = worker({ retryDelaysMs: [1_000, 2_000] });
    for (let i = 0; i < 3; i++) {
      expect(await delivering.runOnce()).toHaveLength(1);
      await clock.advance(2_500);
    }
    expect(await delivering.runOnce()).toHaveLength(0);
    const row = await database.db.query(
      'SELECT status, attempt_count, next_attempt_at, last_error FROM webhook_deliveries',
    );
    expect(row.rows[0]).toMatchObject({ status: 'failed', attempt_count: 3, next_attempt_at: null });
    expect(String(row.rows[0]!.last_error)).toMatch(/^http_500/);
  });

  it('counts a timeout as a failed attempt and retries it', async () => {
    await endpoint();
    let hung = 0;
    receiver.respond = (_request, response) => {
      if (hung++ === 0) return; // never answers the first attempt
      response.writeHead(200);
      response.end();
    };
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    const delivering = worker();
    const pending = delivering.runOnce();
    while (receiver.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    await clock.advance(5_000);
    expect(await pending).toMatchObject([{ outcome: 'pending', statusCode: null }]);
    const row = await database.db.query('SELECT last_error FROM webhook_deliveries');
    expect(String(row.rows[0]!.last_error)).toMatch(/^timed_out/);
    await clock.advance(6_000);
    expect(await delivering.runOnce()).toMatchObject([{ outcome: 'delivered', attempt: 2 }]);
  });

  it('disables the endpoint when the receiver answers 410 Gone', async () => {
    const { row } = await endpoint();
    receiver.respond = (_request, response) => {
      response.writeHead(410);
      response.end();
    };
    const enqueuer = new WebhookEnqueuer({ db: database.db, clock });
    await enqueuer.enqueue(event('generation:completed'));
    expect(await worker().runOnce()).toMatchObject([{ outcome: 'failed', statusCode: 410 }]);
    const stored = await database.db.query('SELECT disabled_at FROM webhook_endpoints WHERE id = $1', [
      row.id,
    ]);
    expect(stored.rows[0]!.disabled_at).not.toBeNull();
    expect(await enqueuer.enqueue(event('generation:failed'))).toBe(0);
  });

  it('replays a delivery: a new delivery of the same event id, sent again', async () => {
    const { row } = await endpoint();
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    await worker().runOnce();
    const original = await database.db.query<{ id: string }>('SELECT id FROM webhook_deliveries');
    const replay = await replayDelivery(database.db, {
      accountId: 'acct_1',
      endpointId: row.id,
      id: original.rows[0]!.id,
      newId: 'whd_replay_1',
      nowMs: clock.now(),
    });
    expect(replay).toMatchObject({ status: 'pending', replay_of: original.rows[0]!.id, attempt_count: 0 });
    expect(
      await replayDelivery(database.db, {
        accountId: 'acct_2',
        endpointId: row.id,
        id: original.rows[0]!.id,
        newId: 'whd_other',
        nowMs: clock.now(),
      }),
    ).toBeUndefined();
    await worker().runOnce();
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([
      'evt_video_abc123_completed',
      'evt_video_abc123_completed',
    ]);
  });

  it('is at least once: a worker that dies mid-attempt leaves the lease to expire, then it is sent', async () => {
    await endpoint();
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    // A worker claims and vanishes without recording anything.
    const claimed = await claimDueDeliveries(database.db, {
      workerId: 'dead',
      nowMs: clock.now(),
      leaseMs: 30_000,
      limit: 10,
    });
    expect(claimed).toHaveLength(1);
    const survivor = worker();
    expect(await survivor.runOnce()).toHaveLength(0);
    await clock.advance(30_000);
    expect(await survivor.runOnce()).toMatchObject([{ outcome: 'delivered', attempt: 2 }]);
    expect(receiver.requests).toHaveLength(1);
  });

  it('two concurrent workers never make the same attempt twice', async () => {
    await endpoint();
    await endpoint();
    const enqueuer = new WebhookEnqueuer({ db: database.db, clock });
    for (let i = 0; i < 30; i++) await enqueuer.enqueue(event('generation:completed', { id: `video_c${i}` }));
    const first = worker({ workerId: 'w1', batchSize: 7 });
    const second = worker({ workerId: 'w2', batchSize: 7 });
    const byWorker = { w1: 0, w2: 0 };
    for (;;) {
      const [a, b] = await Promise.all([first.runOnce(), second.runOnce()]);
      byWorker.w1 += a.length;
      byWorker.w2 += b.length;
      if (a.length + b.length === 0) break;
    }
    expect(byWorker.w1 + byWorker.w2).toBe(60);
    expect(byWorker.w1).toBeGreaterThan(0);
    expect(byWorker.w2).toBeGreaterThan(0);
    const keys = receiver.requests.map((request) => `${request.path} ${request.headers['webhook-id']}`);
    expect(keys).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
    const attempts = await database.db.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM webhook_attempts WHERE attempt = 1 AND status_code = 200',
    );
    expect(Number(attempts.rows[0]!.n)).toBe(60);
  });

  it('refuses private targets at delivery time, before connecting', async () => {
    // Rows written directly (the API refuses such URLs when they are registered).
    await endpoint({ url: 'https://10.0.0.1/hook' });
    await endpoint({ url: 'https://169.254.169.254/latest/meta-data/' });
    await endpoint({ url: 'https://[::ffff:192.168.0.1]/hook' });
    const calls: string[] = [];
    const guarded = createGuardedFetch({
      clock,
      fetch: async (input) => {
        calls.push(String(input));
        return new Response('reached');
      },
    });
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    const results = await worker({ fetch: guarded }).runOnce();
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.outcome).toBe('pending');
      expect(result.error).toMatch(/^address_not_allowed/);
    }
    expect(calls).toEqual([]);
    // Loopback is refused too unless explicitly allowed.
    await database.db.query('DELETE FROM webhook_endpoints');
    await endpoint();
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:failed'));
    const strict = createGuardedFetch({ clock, allowHttp: true });
    expect(await worker({ fetch: strict }).runOnce()).toMatchObject([
      { error: expect.stringMatching(/^address_not_allowed/) },
    ]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('start() and stop(): the loop delivers what is due and stops cleanly', async () => {
    await endpoint();
    const delivering = worker({ idlePollMs: 50 });
    delivering.start();
    await new WebhookEnqueuer({ db: database.db, clock }).enqueue(event('generation:completed'));
    // The loop sleeps on the fake clock between rounds: keep time moving until it has sent.
    while (receiver.requests.length === 0) {
      await clock.advance(50);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await delivering.stop();
    expect(receiver.requests).toHaveLength(1);
  });
});
