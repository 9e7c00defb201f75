/**
 * Test databases: a fresh in-memory PGlite, or a uniquely named database on the test
 * PostgreSQL server (REELGATE_TEST_DATABASE_URL) that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { EngineDb } from '../../../src/db/engine-db.ts';
import { openDatabase } from '../../../src/db/open.ts';

export type DbKind = 'pglite' | 'postgres';

export const testDatabaseUrl =
  process.env.REELGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: EngineDb;
  /** Connection string (postgres only): other processes can open the same database. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database and returns its URL and a drop function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rg_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function openTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({});
    return { db, url: undefined, drop: () => db.close() };
  }
  const created = await createPostgresDatabase();
  const db = await openDatabase({ databaseUrl: created.url });
  return {
    db,
    url: created.url,
    async drop() {
      await db.close();
      await created.drop();
    },
  };
}
