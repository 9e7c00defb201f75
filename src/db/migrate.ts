/**
 * The migration runner: applies src/db/migrations/NNNN_name.sql in order, once each, recorded in
 * `schema_migrations`. All of it runs in one transaction under an advisory lock, so several
 * processes starting at once apply each migration exactly once (the others wait, then see it).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineDb } from './engine-db.ts';

export const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

// An arbitrary constant identifying reelgate's migration lock.
const lockId = 727_114_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    migrations.push({
      version: Number(file.slice(0, 4)),
      name: file,
      sql: await readFile(join(dir, file), 'utf8'),
    });
  }
  return migrations;
}

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(
  db: EngineDb,
  dir = migrationsDir,
  now: () => number = Date.now,
): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [lockId]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    const applied = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) =>
        Number(row.version),
      ),
    );
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now(),
      ]);
      done.push(migration.name);
    }
    return done;
  });
}
