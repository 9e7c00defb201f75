/**
 * Queries of status sweeps (src/worker/status-sweep.ts): how many generations run at a
 * provider, the shared turn to sweep, the rows a listing names, and the one write that applies
 * a sweep's findings.
 */
import type { ProgressTrack } from '../../core/eta.ts';
import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

export interface RunningSummary {
  count: number;
  /**
   * The job of the oldest generation submitted less than half the shortest expected run ago: it
   * and every younger one cannot be finishing yet, so a listing may start after it. Null when
   * there is none.
   */
  youngBoundaryJobId: string | null;
  /** Mean expected time from submission to result (ms); null when none is known. */
  meanExpectedMs: number | null;
  /** The earliest submission among them (Unix ms). */
  oldestSubmittedAt: number | null;
}

/** The generations running at `provider` (a job id recorded, no result seen yet). */
export async function summariseRunning(
  db: Queryable,
  provider: string,
  nowMs: number,
): Promise<RunningSummary> {
  const result = await db.query<{
    count: string | number;
    mean: string | number | null;
    oldest: string | number | null;
    boundary: string | null;
  }>(
    `WITH running AS (
       SELECT provider_job_id, coalesce(submitted_at, created_at) AS since, expected_total_ms
       FROM generations WHERE provider = $1 AND state = 'running' AND provider_job_id IS NOT NULL)
     SELECT count(*) AS count, avg(expected_total_ms) AS mean, min(since) AS oldest,
       (SELECT provider_job_id FROM running
        WHERE since > $2::bigint - (SELECT min(expected_total_ms) FROM running) / 2
        ORDER BY since ASC LIMIT 1) AS boundary
     FROM running`,
    [provider, nowMs],
  );
  const row = result.rows[0];
  return {
    count: Number(row?.count ?? 0),
    youngBoundaryJobId: row?.boundary ?? null,
    meanExpectedMs: row?.mean === null || row?.mean === undefined ? null : Number(row.mean),
    oldestSubmittedAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest),
  };
}

/**
 * Takes the provider's turn to sweep when it is due, and sets the next one `intervalMs` later.
 * True for exactly one caller per turn, whichever worker asks.
 */
export async function takeSweepTurn(
  db: Queryable,
  provider: string,
  nowMs: number,
  intervalMs: number,
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO status_sweeps AS s (provider, next_at) VALUES ($1, $2::bigint + $3::bigint)
     ON CONFLICT (provider) DO UPDATE SET next_at = $2::bigint + $3::bigint WHERE s.next_at <= $2::bigint
     RETURNING provider`,
    [provider, nowMs, Math.round(intervalMs)],
  );
  return result.rowCount > 0;
}

/** The running generations of `provider` whose jobs are among `jobIds`. */
export async function runningByJobIds(
  db: Queryable,
  provider: string,
  jobIds: readonly string[],
): Promise<GenerationRow[]> {
  if (jobIds.length === 0) return [];
  const result = await db.query(
    `SELECT * FROM generations
     WHERE provider = $1 AND provider_job_id = ANY($2::text[]) AND state = 'running'`,
    [provider, jobIds],
  );
  return result.rows.map(normaliseRow);
}

/** What a sweep learned about one running generation. */
export interface SweptRow {
  id: string;
  /** The row's `updated_at` when the sweep read it: a row changed since is left alone. */
  readUpdatedAt: number;
  /** True when the list shows its job ended (it is checked on its own now). */
  dueNow: boolean;
  nextCheckAt: number;
  /** The progress bookkeeping to store. */
  track: ProgressTrack;
  etaAt: number | null;
  /** The provider's raw status as listed. */
  providerStatus: string;
  /** When the job was first seen started (a row that has one keeps it); null while queued. */
  startedAt: number | null;
  /** A completed job's listed status (`{ jobId, result }`), for the status step to store from. */
  listedResult: unknown;
}

/**
 * Applies a sweep in one statement. A row changes only while it is still running and unchanged
 * since the sweep read it (a status step or a provider webhook that wrote meanwhile wins).
 * Returns the changed rows.
 */
export async function applySweep(
  db: Queryable,
  rows: readonly SweptRow[],
  nowMs: number,
): Promise<GenerationRow[]> {
  if (rows.length === 0) return [];
  type Column = readonly [type: string, value: (row: SweptRow) => unknown];
  const columns: Record<string, Column> = {
    id: ['text', (row: SweptRow) => row.id],
    read_updated_at: ['bigint', (row: SweptRow) => row.readUpdatedAt],
    next_check_at: ['bigint', (row: SweptRow) => Math.round(row.nextCheckAt)],
    progress: ['int', (row: SweptRow) => row.track.progress],
    first_progress: ['int', (row: SweptRow) => row.track.firstProgress],
    first_progress_at: ['bigint', (row: SweptRow) => row.track.firstProgressAt],
    last_progress_at: ['bigint', (row: SweptRow) => row.track.lastProgressAt],
    eta_at: ['bigint', (row: SweptRow) => row.etaAt],
    due: ['boolean', (row: SweptRow) => row.dueNow],
    provider_status: ['text', (row: SweptRow) => row.providerStatus],
    started_at: ['bigint', (row: SweptRow) => row.startedAt],
    listed_result: [
      'text',
      (row: SweptRow) =>
        row.listedResult === null || row.listedResult === undefined ? null : JSON.stringify(row.listedResult),
    ],
  };
  const names = Object.keys(columns);
  const arrays = Object.values(columns).map(([type], index) => `$${index + 2}::${type}[]`);
  const params: unknown[] = [nowMs, ...Object.values(columns).map(([, value]) => rows.map(value))];
  const result = await db.query(
    `UPDATE generations g SET
       next_check_at = v.next_check_at,
       progress = v.progress,
       first_progress = v.first_progress,
       first_progress_at = v.first_progress_at,
       last_progress_at = v.last_progress_at,
       eta_at = v.eta_at,
       provider_status = v.provider_status,
       started_at = coalesce(g.started_at, v.started_at),
       listed_result = coalesce(v.listed_result::jsonb, g.listed_result),
       updated_at = CASE
         WHEN v.due OR v.progress <> g.progress OR v.provider_status IS DISTINCT FROM g.provider_status
         THEN $1::bigint ELSE g.updated_at END
     FROM unnest(${arrays.join(', ')}) AS v(${names.join(', ')})
     WHERE g.id = v.id AND g.state = 'running' AND g.updated_at = v.read_updated_at
     RETURNING g.*`,
    params,
  );
  return result.rows.map(normaliseRow);
}
