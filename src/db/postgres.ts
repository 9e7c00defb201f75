/**
 * A PostgreSQL server through a `pg` connection pool (DATABASE_URL). Same SQL as PGlite.
 */
import pg from 'pg';
import type { QueryResult } from './db.ts';
import type { EngineDb, ScriptQueryable } from './engine-db.ts';

// int8 (bigint) columns hold Unix milliseconds: safe as JS numbers for the next 280 000 years.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function wrap(target: pg.Pool | pg.PoolClient): ScriptQueryable {
  return {
    async query<Row = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<Row>> {
      const result = await target.query(sql, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.query(sql);
    },
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Pool size (default 10). */
  maxConnections?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<EngineDb> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types,
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const self = wrap(pool);
  let closed: Promise<void> | undefined;
  return {
    kind: 'postgres',
    query: self.query,
    exec: self.exec,
    async transaction<T>(work: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
