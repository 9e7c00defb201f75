/**
 * A PostgreSQL server through a `pg` connection pool (DATABASE_URL). Same SQL as PGlite.
 */
import pg from 'pg';
import type { QueryResult } from './db.ts';
import type { EngineDb, HeldSessionLock, ScriptQueryable } from './engine-db.ts';

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
    // No JIT compilation: reelgate's statements are short (a claim reads the due rows through
    // an index), but the planner's cost estimate for the claim grows with the rows in flight,
    // and past `jit_above_cost` PostgreSQL spent 1-2.5 s compiling a statement that ran in a few
    // milliseconds (50,000 generations in flight). Done before the pool hands the connection out.
    onConnect: async (client) => {
      await client.query('SET jit = off').catch(() => {
        // A server without JIT (before PostgreSQL 11) has nothing to turn off.
      });
    },
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
    async holdSessionLock(key1: number, name: string): Promise<HeldSessionLock> {
      // A connection of its own (not from the pool): the lock lives exactly as long as it does.
      const client = new pg.Client({ connectionString: options.connectionString });
      let held = false;
      client.on('error', () => {
        held = false;
      });
      client.on('end', () => {
        held = false;
      });
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [key1, name]);
      held = true;
      return {
        get held() {
          return held;
        },
        async release() {
          held = false;
          await client.end().catch(() => {});
        },
      };
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
