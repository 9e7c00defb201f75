/** The accounts/keys store on PGlite and on a real PostgreSQL (same SQL, same migrations). */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-key.ts';
import { syncEnvApiKeys } from '../../src/auth/env-keys.ts';
import { SqlAccountStore } from '../../src/auth/sql-account-store.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { Db } from '../../src/db/db.ts';
import { openDatabase } from '../../src/db/open.ts';

const adminUrl = process.env.REELGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function storeSuite(
  kind: 'pglite' | 'postgres',
  open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>,
) {
  describe(`SqlAccountStore on ${kind}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let store: SqlAccountStore;
    const clock = new FakeClock(Date.UTC(2026, 10, 1));

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      store = new SqlAccountStore({ db, clock });
    });
    afterAll(async () => {
      await cleanup();
    });

    it('creates a key with its own account, stores only the hash, authenticates it', async () => {
      const created = await store.createKey({ name: 'my app' });
      expect(created.key).toMatch(/^rg_[\w-]{43}$/);
      expect(created.info).toMatchObject({
        name: 'my app',
        prefix: created.key.slice(0, 10),
        source: 'cli',
        revokedAt: null,
      });
      const account = await store.authenticate(created.key);
      expect(account).toMatchObject({
        id: created.account.id,
        isAdmin: false,
        policyCheck: true,
        budgetUsd: null,
      });
      expect(await store.authenticate(`${created.key}x`)).toBeUndefined();
      const stored = await db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [
        created.info.id,
      ]);
      expect(stored.rows[0]!.key_hash).toBe(hashApiKey(created.key));
      const everything = JSON.stringify((await db.query('SELECT * FROM api_keys')).rows);
      expect(everything).not.toContain(created.key);
    });

    it('gives each key its own account unless one is named, and records last use', async () => {
      const first = await store.createKey({});
      const second = await store.createKey({});
      expect(first.account.id).not.toBe(second.account.id);
      const extra = await store.createKey({ accountId: first.account.id, name: 'second key' });
      expect(extra.account.id).toBe(first.account.id);
      await store.authenticate(extra.key);
      const [info] = (await store.listKeys({ accountId: first.account.id })).filter(
        (key) => key.id === extra.info.id,
      );
      expect(info!.lastUsedAt).toBe(clock.now());
      await expect(store.createKey({ accountId: 'acct_missing' })).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('revokes by id or prefix; revoked keys stop working and are hidden from default listings', async () => {
      const a = await store.createKey({ name: 'a' });
      const b = await store.createKey({ name: 'b' });
      expect(await store.revokeKey(a.info.id)).toBe(true);
      expect(await store.revokeKey(b.info.prefix, { accountId: a.account.id })).toBe(false);
      expect(await store.revokeKey(b.info.prefix)).toBe(true);
      expect(await store.revokeKey(a.info.id)).toBe(false);
      expect(await store.authenticate(a.key)).toBeUndefined();
      expect(await store.authenticate(b.key)).toBeUndefined();
      const active = await store.listKeys();
      expect(active.some((key) => key.id === a.info.id)).toBe(false);
      const all = await store.listKeys({ includeRevoked: true });
      expect(all.find((key) => key.id === a.info.id)!.revokedAt).toBe(clock.now());
    });

    it('maps configured keys to stable accounts across restarts, admins included', async () => {
      const env = {
        REELGATE_API_KEYS: 'alpha-key-1, beta-key-2,alpha-key-1',
        REELGATE_ADMIN_KEYS: 'root-key-3',
      };
      const first = await syncEnvApiKeys(store, env);
      const again = await syncEnvApiKeys(new SqlAccountStore({ db, clock }), env);
      expect(first.map((account) => account.id)).toEqual(again.map((account) => account.id));
      expect(new Set(first.map((account) => account.id)).size).toBe(3);
      expect((await store.authenticate('alpha-key-1'))?.id).toBe(first[0]!.id);
      expect((await store.authenticate('beta-key-2'))?.isAdmin).toBe(false);
      expect((await store.authenticate('root-key-3'))?.isAdmin).toBe(true);
      // A configured key that was revoked stays revoked after the next start.
      const [alpha] = (await store.listKeys({ accountId: first[0]!.id })).filter(
        (key) => key.source === 'env',
      );
      await store.revokeKey(alpha!.id);
      await syncEnvApiKeys(store, env);
      expect(await store.authenticate('alpha-key-1')).toBeUndefined();
    });
  });
}

storeSuite('pglite', async () => {
  const db = await openDatabase({});
  return { db, cleanup: () => db.close() };
});

if (await postgresAvailable()) {
  storeSuite('postgres', async () => {
    const name = `rg_auth_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString() });
    return {
      db,
      cleanup: async () => {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  });
}
