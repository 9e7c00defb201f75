/**
 * Budget admission across processes: three API processes (`serve --role api`) on one
 * PostgreSQL database take 30 concurrent creates for one account whose daily budget fits five.
 * Admission is one transaction under a per-account advisory lock, so exactly five are admitted
 * whichever process took them, the rest are refused `budget_exceeded` (402), and the spend
 * ledger holds no more than the budget. Deleting an admitted video changes no spend.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { type ServeProcess, startServe } from './support/processes.ts';
import { tempDir } from './support/temp.ts';

const apiKey = 'sk-budget-processes';
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
const request = {
  prompt: 'a lighthouse in a storm, wide shot',
  model: 'sora-2',
  duration: 4,
  resolution: '720p',
};

let database: { url: string; drop(): Promise<void> };
let db: pg.Client;
const apis: ServeProcess[] = [];
const dirs: { remove(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await createPostgresDatabase();
  const env = {
    DATABASE_URL: database.url,
    // Never contacted: API processes run no worker, so nothing is started at the provider.
    OPENAI_API_KEY: 'unused-key',
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    REELGATE_API_KEYS: apiKey,
    REELGATE_RATE_LIMIT_PER_MINUTE: '0',
    REELGATE_SIGNING_SECRET: 'budget-processes-signing-secret-0123456789',
  };
  // The first applies the migrations; the others start together.
  const first = await tempDir('rg-budget-0-');
  dirs.push(first);
  apis.push(await startServe('api', { ...env, REELGATE_DATA_DIR: first.path }));
  const rest = await Promise.all(
    [1, 2].map(async (i) => {
      const dir = await tempDir(`rg-budget-${i}-`);
      dirs.push(dir);
      return startServe('api', { ...env, REELGATE_DATA_DIR: dir.path });
    }),
  );
  apis.push(...rest);
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 180_000);

afterAll(async () => {
  await db?.end().catch(() => {});
  await Promise.all(apis.map((api) => api.stop()));
  await database?.drop();
  for (const dir of dirs) await dir.remove();
});

test('three API processes admit exactly what one daily budget allows', async () => {
  const estimate = (await (
    await fetch(`${apis[0]!.url}/v1/estimates`, { method: 'POST', headers, body: JSON.stringify(request) })
  ).json()) as { total_usd: number };
  expect(estimate.total_usd).toBeGreaterThan(0);
  const accounts = await db.query<{ id: string }>(
    "SELECT DISTINCT account_id AS id FROM api_keys WHERE source = 'env' AND revoked_at IS NULL",
  );
  expect(accounts.rows).toHaveLength(1);
  const account = accounts.rows[0]!.id;
  // Room for five, not six.
  const budget = estimate.total_usd * 5.5;
  await db.query('UPDATE accounts SET daily_budget_usd = $2 WHERE id = $1', [account, budget]);

  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      fetch(`${apis[i % apis.length]!.url}/v1/generations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...request, prompt: `${request.prompt} #${i}` }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { id?: string; error?: { code?: string } },
      })),
    ),
  );
  const admitted = answers.filter((answer) => answer.status === 200 || answer.status === 201);
  const refused = answers.filter((answer) => answer.status === 402);
  expect(admitted).toHaveLength(5);
  expect(refused).toHaveLength(25);
  for (const answer of refused) expect(answer.body.error?.code).toBe('budget_exceeded');

  const held = async () =>
    Number(
      (
        await db.query<{ usd: string }>(
          "SELECT coalesce(sum(amount_usd), 0) AS usd FROM spend_ledger WHERE account_id = $1 AND kind = 'reserve'",
          [account],
        )
      ).rows[0]!.usd,
    );
  const reserved = await held();
  expect(reserved).toBeLessThanOrEqual(budget);
  expect(reserved).toBeCloseTo(estimate.total_usd * 5, 2);

  // Deleting an admitted (still queued) video releases its hold but never lowers what was spent:
  // the budget is not dodged by deleting, and the ledger keeps every entry.
  const entriesBefore = Number((await db.query('SELECT count(*)::int AS n FROM spend_ledger')).rows[0].n);
  const deleted = await fetch(`${apis[1]!.url}/v1/generations/${admitted[0]!.body.id}`, {
    method: 'DELETE',
    headers,
  });
  expect(deleted.status).toBeLessThan(300);
  const entriesAfter = Number((await db.query('SELECT count(*)::int AS n FROM spend_ledger')).rows[0].n);
  expect(entriesAfter).toBeGreaterThanOrEqual(entriesBefore);
}, 120_000);
