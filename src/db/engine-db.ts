/**
 * The engine's database handle: the shared `Db` contract plus `exec` for multi-statement
 * scripts (migrations). Both adapters implement it.
 */
import type { Db, Queryable } from './db.ts';

export interface ScriptQueryable extends Queryable {
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
}

/** A session-level lock held on its own connection until released (or the connection dies). */
export interface HeldSessionLock {
  /** False once the connection holding the lock was lost. */
  readonly held: boolean;
  release(): Promise<void>;
}

export interface EngineDb extends Db {
  exec(sql: string): Promise<void>;
  /**
   * PostgreSQL only: takes the session-level advisory lock (key1, hashtext(name)) on a connection
   * of its own and keeps it while the process lives — other processes see it in `pg_locks`.
   */
  holdSessionLock?(key1: number, name: string): Promise<HeldSessionLock>;
  transaction<T>(work: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
}
