/**
 * API keys on the real SQL account store: hashed at rest (no plaintext anywhere in the
 * database), shown once, revocable, scoped to one account, admin operations only with an admin
 * key, per-key rate limits (429 + Retry-After, before any work), constant-time comparison.
 * Plus regression tests for the input bugs the fuzz found.
 */
import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import {
  adminKey,
  type Gateway,
  jsonBody,
  keyA,
  keyB,
  signingSecret,
  startGateway,
} from './helpers/gateway.ts';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

let gateway: Gateway;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(async () => {
  await gateway?.close();
});

/** Every row of every table in the database, as one JSON text. */
async function databaseDump(): Promise<string> {
  const tables = await gateway.reelgate.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const dump: Record<string, unknown[]> = {};
  for (const { table_name: name } of tables.rows) {
    dump[name] = (await gateway.reelgate.db.query(`SELECT * FROM "${name}"`)).rows;
  }
  return JSON.stringify(dump, (_, value) => (typeof value === 'bigint' ? String(value) : value));
}

async function createKey(body: Record<string, unknown>, key = adminKey) {
  const response = await gateway.app.request('/v1/admin/keys', jsonBody(body, gateway.auth(key)));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('API keys', () => {
  it('are stored only as sha256 hashes: no plaintext key anywhere in the database', async () => {
    const created = await createKey({ name: 'app one' });
    expect(created.status).toBe(200);
    const key = created.body.key as string;
    expect(key).toMatch(/^rg_[A-Za-z0-9_-]{43}$/);
    const dump = await databaseDump();
    for (const secret of [key, keyA, keyB, adminKey]) {
      expect(dump.includes(secret), 'plaintext key in the database').toBe(false);
      expect(dump.includes(secret.slice(3, 30)), 'a long piece of a key in the database').toBe(false);
    }
    const stored = await gateway.reelgate.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [created.body.id],
    );
    expect(stored.rows[0]?.key_hash).toBe(sha256(key));
  });

  it('are shown once: never in listings, the account, or any later answer', async () => {
    const created = await createKey({ name: 'shown once' });
    const key = created.body.key as string;
    const answers = [
      await gateway.app.request('/v1/admin/keys?include_revoked=true', { headers: gateway.auth(adminKey) }),
      await gateway.app.request('/v1/account', { headers: gateway.auth(key) }),
      await gateway.app.request('/v1/admin/keys', { headers: gateway.auth(adminKey) }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(text.includes(key)).toBe(false);
      expect(text.includes('"key":')).toBe(false);
    }
  });

  it('are revocable (by id and by display prefix), after which they answer 401', async () => {
    const byId = await createKey({ name: 'revoke me' });
    const key = byId.body.key as string;
    expect((await gateway.app.request('/v1/account', { headers: gateway.auth(key) })).status).toBe(200);
    const revoked = await gateway.app.request(`/v1/admin/keys/${byId.body.id as string}`, {
      method: 'DELETE',
      headers: gateway.auth(adminKey),
    });
    expect(revoked.status).toBe(200);
    const after = await gateway.app.request('/v1/account', { headers: gateway.auth(key) });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('unauthorized');

    const byPrefix = await createKey({ name: 'revoke by prefix' });
    const second = byPrefix.body.key as string;
    const prefix = byPrefix.body.prefix as string;
    expect(second.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThanOrEqual(10);
    await gateway.app.request(`/v1/admin/keys/${prefix}`, {
      method: 'DELETE',
      headers: gateway.auth(adminKey),
    });
    expect((await gateway.app.request('/v1/account', { headers: gateway.auth(second) })).status).toBe(401);
  });

  it('are scoped to one account: another account sees nothing of it (404, never 403)', async () => {
    const own = await createKey({ name: 'scoped' });
    const key = own.body.key as string;
    const created = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'mine only' }, gateway.auth(key)),
    );
    const id = ((await created.json()) as { id: string }).id;
    await gateway.finished(id);
    for (const [method, path] of [
      ['GET', `/v1/generations/${id}`],
      ['GET', `/v1/videos/${id}`],
      ['GET', `/v1/videos/generations/${id}`],
      ['GET', `/v1/generations/${id}/content`],
      ['GET', `/v1/videos/${id}/content`],
      ['GET', `/v1/generations/${id}/events`],
      ['POST', `/v1/generations/${id}/cancel`],
      ['DELETE', `/v1/generations/${id}`],
      ['DELETE', `/v1/videos/${id}`],
    ] as const) {
      const response = await gateway.app.request(path, { method, headers: gateway.auth(keyA) });
      expect(response.status, `${method} ${path}`).toBe(404);
      await response.body?.cancel();
    }
    const remix = await gateway.app.request(
      `/v1/videos/${id}/remix`,
      jsonBody({ prompt: 'steal' }, gateway.auth(keyA)),
    );
    expect(remix.status).toBe(404);
    const list = await (
      await gateway.app.request('/v1/generations?limit=100', { headers: gateway.auth(keyA) })
    ).text();
    expect(list.includes(id)).toBe(false);
    // The owner still has it, untouched.
    const mine = await gateway.app.request(`/v1/generations/${id}`, { headers: gateway.auth(key) });
    expect(((await mine.json()) as { status: string }).status).toBe('completed');
  });

  it('admin operations need an admin key: 401 without a key, 403 with an ordinary one', async () => {
    const operations: Array<[string, string, RequestInit]> = [
      ['GET', '/v1/admin/keys', {}],
      [
        'POST',
        '/v1/admin/keys',
        { body: '{"name":"x","admin":true}', headers: { 'content-type': 'application/json' } },
      ],
      ['DELETE', '/v1/admin/keys/key_anything', {}],
    ];
    for (const [method, path, init] of operations) {
      const anonymous = await gateway.app.request(path, { ...init, method });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const ordinary = await gateway.app.request(path, {
        ...init,
        method,
        headers: { ...(init.headers as Record<string, string>), ...gateway.auth(keyA) },
      });
      expect(ordinary.status, `${method} ${path}`).toBe(403);
      expect(((await ordinary.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    // An ordinary key cannot mint itself an admin key or a key onto another account.
    const before = (await gateway.reelgate.db.query('SELECT id FROM api_keys')).rows.length;
    const self = await createKey({ admin: true, account_id: 'acct_whatever' }, keyA);
    expect(self.status).toBe(403);
    expect((await gateway.reelgate.db.query('SELECT id FROM api_keys')).rows.length).toBe(before);
  });

  it('are compared in constant time (timingSafeEqual), and near-misses are refused', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect((await gateway.app.request('/v1/account', { headers: gateway.auth(keyB) })).status).toBe(200);
    expect(spy).toHaveBeenCalled();
    for (const nearMiss of [
      `${keyB.slice(0, -1)}q`,
      keyB.slice(0, -1),
      `${keyB}x`,
      keyB.toUpperCase(),
      `${keyB} x`,
    ]) {
      const response = await gateway.app.request('/v1/account', {
        headers: { authorization: `Bearer ${nearMiss}` },
      });
      expect(response.status, nearMiss).toBe(401);
    }
  });
});

describe('rate limits per key', () => {
  it('answer 429 with Retry-After once a key spends its budget, before any work; other keys are unaffected', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 1));
    const app = createHttpApp({
      service: gateway.reelgate.service,
      planning: gateway.reelgate.service.planning,
      accounts: gateway.accounts,
      clock,
      config: { signingSecret, rateLimitPerMinute: 5 },
    });
    for (let index = 0; index < 5; index++) {
      const response = await app.request('/v1/account', { headers: gateway.auth(keyA) });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(String(4 - index));
    }
    const count = async () =>
      Number(
        (await gateway.reelgate.db.query<{ n: string }>('SELECT count(*) AS n FROM generations')).rows[0]?.n,
      );
    const before = await count();
    const limited = await app.request(
      '/v1/generations',
      jsonBody({ prompt: 'over the limit' }, gateway.auth(keyA)),
    );
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    const body = (await limited.json()) as {
      error: { code: string; type: string; param: unknown; message: string };
    };
    expect(body.error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error', param: null });
    expect(body.error.message.includes(keyA)).toBe(false);
    expect(await count()).toBe(before);
    // Another key has its own budget.
    expect((await app.request('/v1/account', { headers: gateway.auth(keyB) })).status).toBe(200);
    // Time refills the bucket: after Retry-After seconds, one more request passes.
    await clock.advance(retryAfter * 1000);
    expect((await app.request('/v1/account', { headers: gateway.auth(keyA) })).status).toBe(200);
    expect((await app.request('/v1/account', { headers: gateway.auth(keyA) })).status).toBe(429);
  });

  it('are configured by REELGATE_RATE_LIMIT_PER_MINUTE and can be turned off', async () => {
    expect(loadConfig({ REELGATE_RATE_LIMIT_PER_MINUTE: '7' }).http.rateLimitPerMinute).toBe(7);
    expect(loadConfig({}).http.rateLimitPerMinute).toBeUndefined();
    const app = createHttpApp({
      service: gateway.reelgate.service,
      planning: gateway.reelgate.service.planning,
      accounts: gateway.accounts,
      config: { signingSecret, rateLimitPerMinute: 0 },
    });
    for (let index = 0; index < 30; index++) {
      expect((await app.request('/v1/account', { headers: gateway.auth(keyB) })).status).toBe(200);
    }
  });
});

describe('regressions found by the fuzz', () => {
  it('multipart `__proto__[x]` fields no longer pollute every object (was: a 500 on later requests)', async () => {
    const form = new FormData();
    form.set('prompt', 'a fox');
    form.set('__proto__[polluted]', 'yes');
    form.set('constructor[prototype][polluted]', 'yes');
    const response = await gateway.app.request('/v1/videos', {
      method: 'POST',
      headers: gateway.auth(),
      body: form,
    });
    expect(response.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      (await gateway.app.request('/webhooks/providers/openai', { method: 'POST', body: '{}' })).status,
    ).toBeLessThan(500);
  });

  it('NUL characters in ids, queries and bodies are a 400, not a database error', async () => {
    for (const path of [
      '/v1/videos/%00',
      '/v1/generations/abc%00def',
      '/v1/videos?after=%00',
      '/files/%00/video?sig=x',
    ]) {
      const response = await gateway.app.request(path, { headers: gateway.auth() });
      expect(response.status, path).toBe(400);
    }
    const body = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'a\u0000b' }, gateway.auth()),
    );
    expect(body.status).toBe(400);
    expect(((await body.json()) as { error: { param: string } }).error.param).toBe('prompt');
  });
});
