/**
 * The engine's database handle: the shared `Db` contract plus `exec` for multi-statement
 * scripts (migrations). Both adapters implement it.
 */
import type { Db, Queryable } from './db.ts';

export interface ScriptQueryable extends Queryable {
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
}

export interface EngineDb extends Db {
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
}
