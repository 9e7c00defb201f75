/**
 * Opens the database the configuration asks for and brings its schema up to date:
 * PostgreSQL when `databaseUrl` is set, otherwise embedded PGlite under `<dataDir>/pg`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineDb } from './engine-db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface DatabaseConfig {
  /** postgres://... ; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Where the embedded database lives (`<dataDir>/pg`); in memory when both are absent. */
  dataDir?: string | undefined;
  /** Pooled PostgreSQL connections (default 10). */
  poolMax?: number | undefined;
  /** Skip migrations (default false). */
  skipMigrations?: boolean | undefined;
}

export async function openDatabase(config: DatabaseConfig): Promise<EngineDb> {
  let db: EngineDb;
  if (config.databaseUrl) {
    db = await openPostgres({
      connectionString: config.databaseUrl,
      ...(config.poolMax ? { maxConnections: config.poolMax } : {}),
    });
  } else if (config.dataDir !== undefined) {
    const dir = join(config.dataDir, 'pg');
    await mkdir(dir, { recursive: true });
    db = await openPglite(dir);
  } else {
    db = await openPglite(undefined);
  }
  if (!config.skipMigrations) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
