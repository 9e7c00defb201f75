/**
 * The embedded database: PostgreSQL compiled to WASM (PGlite), persisted in a directory.
 * One connection; PGlite serialises statements and transactions itself.
 */
import { PGlite } from '@electric-sql/pglite';
import type { QueryResult } from './db.ts';
import type { EngineDb, ScriptQueryable } from './engine-db.ts';

interface PgliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * PGlite runs each statement synchronously on this thread and settles its promise as a
 * microtask, so a chain of statements (a worker that always has something due) would never let
 * the event loop reach I/O: HTTP requests, even /healthz, would wait until the chain ends.
 * Every statement first lets pending I/O run.
 */
const letIoRun = () => new Promise<void>((resolve) => setImmediate(resolve));

function wrap(target: PgliteLike): ScriptQueryable {
  return {
    async query<Row = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<Row>> {
      await letIoRun();
      const result = await target.query<Row>(sql, [...params]);
      // PGlite reports affectedRows only for writes; a SELECT counts its rows.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await letIoRun();
      await target.exec(sql);
    },
  };
}

/** Opens (creating when needed) a PGlite database in `dataDir`, or in memory when undefined. */
export async function openPglite(dataDir: string | undefined): Promise<EngineDb> {
  const pg = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  const self = wrap(pg as unknown as PgliteLike);
  let closed = false;
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    transaction: (work) => pg.transaction((tx) => work(wrap(tx as unknown as PgliteLike))),
    async close() {
      if (closed) return;
      closed = true;
      await pg.close();
    },
  };
}
