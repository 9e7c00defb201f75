/**
 * What tracking many in-flight generations costs PostgreSQL: the worker's two polling queries,
 * the claim (`claimDue`: due, unleased rows, `FOR UPDATE SKIP LOCKED`) and the next-due lookup
 * (`nextDueAt`: when to wake up), timed with 1,000, 10,000 and 50,000 generations in flight.
 *
 * The rows are inserted directly (one generation created through the service, then copied with
 * INSERT ... SELECT in the `running` state, their next checks spread over the next 30 s, as a
 * worker that tracks them leaves them), not through the API and a provider: the point is the
 * database's side at that size, which a run through the API would take hours to reach here.
 * At the measured moment 1 % of the rows are due. Each figure is the median of 40 calls; the
 * plans come from EXPLAIN (ANALYZE, BUFFERS) and are printed to stderr.
 *
 * Settings: REELGATE_BENCH_INFLIGHT (default "1000,10000,50000").
 */
import { pino } from 'pino';
import { createReelgate } from '../src/app/reelgate.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { claimDue, nextDueAt, releaseLeases } from '../src/db/queries/claim-due.ts';
import { createPostgresDatabase } from '../test/engine/helpers/databases.ts';
import { tempDir } from '../test/scale/support/temp.ts';
import type { BenchResult } from './bench-result.ts';

const sizes = (process.env.REELGATE_BENCH_INFLIGHT ?? '1000,10000,50000').split(',').map(Number);
const CALLS = 40;
const SPREAD_MS = 30_000;

export async function run(): Promise<BenchResult[]> {
  const database = await createPostgresDatabase();
  const dir = await tempDir('rg-bench-inflight-');
  const reelgate = await createReelgate(
    loadConfig({
      DATABASE_URL: database.url,
      OPENAI_API_KEY: 'bench-key',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      REELGATE_DATA_DIR: dir.path,
      REELGATE_ROLE: 'api',
    }),
    { logger: pino({ level: 'silent' }), startWorker: false, webhooks: false, eventRelay: false },
  );
  const db = reelgate.db;
  const results: BenchResult[] = [];
  try {
    const template = await reelgate.service.create('acct_bench', {
      prompt: 'a slow drone shot over a glacier',
      surface: 'videos',
    });
    const now = Date.now();
    let inserted = 0;
    const perSize = new Map<number, { claimMs: number; nextMs: number }>();
    for (const size of sizes) {
      // Grow the table to `size` in-flight copies of the template.
      await db.query(
        `INSERT INTO generations
         SELECT (jsonb_populate_record(g, jsonb_build_object(
                  'id', 'gen_bench_' || n,
                  'state', 'running',
                  'provider_job_id', 'job_bench_' || n,
                  'idempotency_key', 'idem_bench_' || n,
                  'submitted_at', $2::bigint,
                  'next_check_at', $2::bigint + (hashtext(n::text)::bigint & 1048575) * $3::bigint / 1048576,
                  'deadline_at', $2::bigint + 3600000,
                  'lease_owner', NULL,
                  'lease_expires_at', NULL))).*
           FROM generations g, generate_series($4::int, $5::int) AS n
          WHERE g.id = $1`,
        [template.id, now, SPREAD_MS, inserted + 1, size],
      );
      inserted = size;
      await db.query('ANALYZE generations');
      // 1 % due: the moment 1 % of the spread has passed.
      const at = now + SPREAD_MS / 100;
      const claim = () =>
        claimDue(db, { workerId: 'bench', nowMs: at, leaseMs: 60_000, limit: 16, ownersAlive: true });
      const claimTimes: number[] = [];
      const nextTimes: number[] = [];
      for (let call = 0; call < CALLS; call++) {
        const started = performance.now();
        const claimed = await claim();
        claimTimes.push(performance.now() - started);
        if (claimed.length === 0) throw new Error('bench: nothing was due');
        await releaseLeases(db, 'bench');
        const nextStarted = performance.now();
        await nextDueAt(db, { ownersAlive: true, nowMs: at, exclude: [] });
        nextTimes.push(performance.now() - nextStarted);
      }
      perSize.set(size, { claimMs: median(claimTimes), nextMs: median(nextTimes) });
      await explain(db, size, at);
    }
    const smallest = perSize.get(sizes[0]!)!;
    for (const [size, timing] of perSize) {
      results.push(
        {
          name: `claim query (16 due rows) with ${size.toLocaleString('en')} in flight`,
          value: timing.claimMs,
          unit: 'ms',
          note: `median of ${CALLS}; ${(timing.claimMs / smallest.claimMs).toFixed(1)}x the ${sizes[0]!.toLocaleString('en')} case`,
        },
        {
          name: `next-due query with ${size.toLocaleString('en')} in flight`,
          value: timing.nextMs,
          unit: 'ms',
          note: `median of ${CALLS}; ${(timing.nextMs / smallest.nextMs).toFixed(1)}x the ${sizes[0]!.toLocaleString('en')} case`,
        },
      );
    }
    return results;
  } finally {
    await reelgate.close();
    await database.drop();
    await dir.remove();
  }
}

/** Prints the plans of the two queries (the statements the worker runs, with this run's values). */
async function explain(
  db: Awaited<ReturnType<typeof createReelgate>>['db'],
  size: number,
  at: number,
): Promise<void> {
  const plans: string[] = [];
  const capture = {
    async query(text: string, params?: unknown[]) {
      const result = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
      plans.push(result.rows.map((row) => Object.values(row)[0]).join('\n'));
      return { rows: [], rowCount: 0 };
    },
  } as unknown as typeof db;
  await claimDue(capture, { workerId: 'bench', nowMs: at, leaseMs: 60_000, limit: 16, ownersAlive: true });
  await releaseLeases(db, 'bench');
  await nextDueAt(capture, { ownersAlive: true, nowMs: at, exclude: [] });
  process.stderr.write(`\n-- ${size} in flight: claim\n${plans[0]}\n-- next due\n${plans[1]}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
