/**
 * The database handle every query file takes. One SQL dialect (PostgreSQL) serves both the
 * embedded PGlite database and a real PostgreSQL server; the two adapters implement this.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  /** Runs one parameterised statement ($1, $2...). */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Db extends Queryable {
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** 'pglite' for the embedded database, 'postgres' for a server. */
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}
