/**
 * What one completed generation costs, on PostgreSQL: SQL statements, commits, and CPU
 * milliseconds of the API side and of the worker side, for the polling path (reelgate's poll
 * scheduler finds the result) and the webhook path (a provider webhook says it is done; polls
 * only as a distant safety net). Plain 8 s videos. The long-video figure is a 30 s video planned
 * as segments (each a generation of its own, then a stitch); it needs real media, so it runs
 * against the emulator (in this process, at high speed, on the real clock): its worker CPU
 * includes the emulator's answers and the bytes it serves, and the stitch.
 *
 * One process, phases measured apart: the API phase creates every generation through the HTTP
 * app (auth, validation, insert, events) and, on the webhook path, receives the provider's
 * webhooks; the worker phase drives them to `completed` on a FakeClock with a simulated provider
 * (no HTTP to a provider, no media), so its CPU is reelgate's own. Statements are counted at the
 * database handle; a commit is a transaction (BEGIN ... COMMIT) or a statement outside one that
 * writes (INSERT, UPDATE, DELETE, SELECT ... FOR UPDATE), i.e. one that waits for a WAL flush.
 *
 * Env: REELGATE_BENCH_COST_N (generations per path, default 60), REELGATE_BENCH_COST_LONG_N (long
 * videos, default 4), REELGATE_TEST_DATABASE_URL.
 */
import type { FakeClock } from '../src/core/clock.ts';
import type { EngineDb, ScriptQueryable } from '../src/db/engine-db.ts';
import type { Queryable } from '../src/db/db.ts';
import type { BenchResult } from './bench-result.ts';
import { simulatedProvider } from './simulated-provider.ts';

export interface StatementCounts {
  statements: number;
  commits: number;
  reads: number;
}

const writes = /\b(INSERT|UPDATE|DELETE|pg_notify)\b/i;

/** Wraps a database handle so every statement and commit is counted. */
export function countingDb(db: EngineDb): { db: EngineDb; counts: StatementCounts } {
  const counts: StatementCounts = { statements: 0, commits: 0, reads: 0 };
  const inTx = <Q extends Queryable>(tx: Q): Q =>
    new Proxy(tx, {
      get(target, name, receiver) {
        if (name === 'query')
          return (sql: string, params?: readonly unknown[]) => {
            counts.statements += 1;
            return target.query(sql, params);
          };
        return Reflect.get(target, name, receiver);
      },
    });
  const wrapped: EngineDb = {
    kind: db.kind,
    query(sql, params) {
      counts.statements += 1;
      if (writes.test(sql)) counts.commits += 1;
      else counts.reads += 1;
      return db.query(sql, params);
    },
    exec(sql) {
      counts.statements += 1;
      counts.commits += 1;
      return db.exec(sql);
    },
    transaction(work) {
      counts.statements += 2; // BEGIN and COMMIT
      counts.commits += 1;
      return db.transaction((tx) => work(inTx(tx as ScriptQueryable)));
    },
    close: () => db.close(),
  };
  return { db: wrapped, counts };
}

interface PhaseCost {
  statements: number;
  commits: number;
  cpuMs: number;
}

async function measure(counts: StatementCounts, work: () => Promise<void>): Promise<PhaseCost> {
  const before = { ...counts };
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return {
    statements: counts.statements - before.statements,
    commits: counts.commits - before.commits,
    cpuMs: (used.user + used.system) / 1000,
  };
}

async function runPath(
  path: 'polling' | 'webhook',
  n: number,
): Promise<{ api: PhaseCost; worker: PhaseCost }> {
  const [{ FakeClock }, { seededRandom }, { openDatabase }, { createPostgresDatabase }, gatewayModule] =
    await Promise.all([
      import('../src/core/clock.ts'),
      import('../src/core/random.ts'),
      import('../src/db/open.ts'),
      import('../test/engine/helpers/databases.ts'),
      import('../test/security/helpers/gateway.ts'),
    ]);
  const database = await createPostgresDatabase();
  const raw = await openDatabase({ databaseUrl: database.url, dataDir: '' });
  const { db, counts } = countingDb(raw);
  const clock: FakeClock = new FakeClock(Date.UTC(2026, 0, 1));
  const sim = simulatedProvider(clock, 5, 'linear', { webhooks: path === 'webhook' });
  const gateway = await gatewayModule.startGateway({
    logLevel: 'warn',
    overrides: {
      db,
      clock,
      random: seededRandom(3),
      providers: [sim.binding],
      startWorker: false,
      // Production polling; the webhook path polls only as a safety net (10 min), so the webhook
      // finds each result.
      policy: {
        poll:
          path === 'webhook'
            ? { minIntervalMs: 600_000, maxIntervalMs: 600_000 }
            : { minIntervalMs: 2_000, maxIntervalMs: 600_000 },
      },
    },
  });
  try {
    const ids: string[] = [];
    const api = await measure(counts, async () => {
      for (let i = 0; i < n; i++) {
        const response = await gateway.app.request(
          '/v1/generations',
          gatewayModule.jsonBody({ prompt: `cost ${i}`, duration: 8 }, gateway.auth()),
        );
        if (response.status !== 200) throw new Error(`create answered ${response.status}`);
        ids.push(((await response.json()) as { id: string }).id);
      }
    });
    let webhookApi: PhaseCost = { statements: 0, commits: 0, cpuMs: 0 };
    const delivered = new Set<string>();
    const worker: PhaseCost = { statements: 0, commits: 0, cpuMs: 0 };
    const add = (into: PhaseCost, cost: PhaseCost) => {
      into.statements += cost.statements;
      into.commits += cost.commits;
      into.cpuMs += cost.cpuMs;
    };
    for (let guard = 0; guard < 100_000; guard++) {
      add(worker, await measure(counts, () => gateway.reelgate.worker.drain().then(() => undefined)));
      if (path === 'webhook') {
        // The provider calls back when each job ends (the API side receives it).
        const due = [...sim.jobs].filter(
          ([key, job]) => job.terminalAtMs <= clock.now() && !delivered.has(key),
        );
        if (due.length > 0) {
          const cost = await measure(counts, async () => {
            for (const [key] of due) {
              delivered.add(key);
              const result = await gateway.reelgate.providerWebhooks.handle(
                'openai',
                new Headers(),
                JSON.stringify({ id: `evt_${key}`, key }),
              );
              if (result.status !== 200) throw new Error(`webhook answered ${result.status}`);
            }
          });
          webhookApi = {
            statements: webhookApi.statements + cost.statements,
            commits: webhookApi.commits + cost.commits,
            cpuMs: webhookApi.cpuMs + cost.cpuMs,
          };
          continue;
        }
      }
      const done = await raw.query<{ n: string }>(
        "SELECT count(*) AS n FROM generations WHERE state IN ('completed', 'failed', 'expired', 'canceled')",
      );
      if (Number(done.rows[0]!.n) >= n) break;
      const nextDue = await gateway.reelgate.worker.nextDueAt();
      const nextEnd =
        path === 'webhook'
          ? Math.min(
              ...[...sim.jobs].filter(([key]) => !delivered.has(key)).map(([, job]) => job.terminalAtMs),
            )
          : Number.POSITIVE_INFINITY;
      const next = Math.min(nextDue ?? Number.POSITIVE_INFINITY, nextEnd);
      if (!Number.isFinite(next)) break;
      await clock.set(Math.max(clock.now(), next));
    }
    const completed = await raw.query<{ n: string; checks: string }>(
      "SELECT count(*) AS n, sum(status_checks) AS checks FROM generations WHERE state = 'completed'",
    );
    if (Number(completed.rows[0]!.n) !== n) throw new Error(`only ${completed.rows[0]!.n} of ${n} completed`);
    return {
      api: {
        statements: api.statements + webhookApi.statements,
        commits: api.commits + webhookApi.commits,
        cpuMs: api.cpuMs + webhookApi.cpuMs,
      },
      worker,
    };
  } finally {
    await gateway.close();
    await raw.close();
    await database.drop();
  }
}

/** 30 s long videos on PostgreSQL, created through the HTTP API, then run by the worker. */
async function runLong(n: number): Promise<{ api: PhaseCost; worker: PhaseCost; segments: number }> {
  const [{ openDatabase }, { createPostgresDatabase }, { startLongHarness }] = await Promise.all([
    import('../src/db/open.ts'),
    import('../test/engine/helpers/databases.ts'),
    import('../test/long-e2e/harness.ts'),
  ]);
  const database = await createPostgresDatabase();
  const raw = await openDatabase({ databaseUrl: database.url, dataDir: '' });
  const { db, counts } = countingDb(raw);
  const h = await startLongHarness({ speed: 2000, overrides: { db, startWorker: false } });
  try {
    const account = await h.account(h.keys.user);
    const ids: string[] = [];
    const api = await measure(counts, async () => {
      for (let i = 0; i < n; i++) {
        const created = await h.api('POST', '/v1/generations', {
          model: 'sora-2',
          resolution: '720p',
          prompt: `cost ${i}: a harbour at dawn, boats rocking, then a trawler leaving at sunset`,
          duration: 30,
        });
        if (created.status !== 200) throw new Error(`long create answered ${created.status}`);
        ids.push(created.body.id as string);
      }
    });
    const worker = await measure(counts, async () => {
      h.reelgate.worker.start();
      for (const id of ids) {
        const done = await h.finished(account.id, id, 300_000);
        if (done.state !== 'completed') throw new Error(`long video ended ${done.state}`);
      }
    });
    const segments = await raw.query<{ n: string }>(
      'SELECT count(*) AS n FROM generations WHERE parent_id IS NOT NULL',
    );
    return { api, worker, segments: Number(segments.rows[0]!.n) / n };
  } finally {
    await h.close();
    await raw.close();
    await database.drop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const n = Number(process.env.REELGATE_BENCH_COST_N ?? 60);
  const results: BenchResult[] = [];
  for (const path of ['polling', 'webhook'] as const) {
    const { api, worker } = await runPath(path, n);
    const per = (value: number) => value / n;
    const note = `${n} plain 8 s generations, PostgreSQL, simulated provider on simulated time`;
    results.push(
      {
        name: `cost (${path}): SQL statements per generation, API side`,
        value: per(api.statements),
        unit: 'stmts',
        note,
      },
      {
        name: `cost (${path}): SQL statements per generation, worker side`,
        value: per(worker.statements),
        unit: 'stmts',
      },
      { name: `cost (${path}): commits per generation, API side`, value: per(api.commits), unit: 'commits' },
      {
        name: `cost (${path}): commits per generation, worker side`,
        value: per(worker.commits),
        unit: 'commits',
      },
      { name: `cost (${path}): API CPU per generation`, value: per(api.cpuMs), unit: 'ms' },
      { name: `cost (${path}): worker CPU per generation`, value: per(worker.cpuMs), unit: 'ms' },
    );
  }
  const longN = Number(process.env.REELGATE_BENCH_COST_LONG_N ?? 4);
  const long = await runLong(longN);
  const perLong = (value: number) => value / longN;
  results.push(
    {
      name: 'cost (long 30 s, polling): SQL statements per video, API side',
      value: perLong(long.api.statements),
      unit: 'stmts',
      note: `${longN} videos of ${long.segments} segments each, PostgreSQL, emulator in process at 2000x`,
    },
    {
      name: 'cost (long 30 s, polling): SQL statements per video, worker side',
      value: perLong(long.worker.statements),
      unit: 'stmts',
      note: `${(perLong(long.worker.statements) / long.segments).toFixed(1)} per segment, stitch included`,
    },
    {
      name: 'cost (long 30 s, polling): commits per video, API side',
      value: perLong(long.api.commits),
      unit: 'commits',
    },
    {
      name: 'cost (long 30 s, polling): commits per video, worker side',
      value: perLong(long.worker.commits),
      unit: 'commits',
    },
    { name: 'cost (long 30 s, polling): API CPU per video', value: perLong(long.api.cpuMs), unit: 'ms' },
    {
      name: 'cost (long 30 s, polling): worker CPU per video',
      value: perLong(long.worker.cpuMs),
      unit: 'ms',
      note: 'includes the in-process emulator serving status and video bytes, and the stitch',
    },
  );
  return results;
}
