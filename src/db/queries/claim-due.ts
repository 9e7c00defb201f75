import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

/**
 * Claims up to `limit` due generations for `workerId`: rows in a non-final state whose
 * next check has come and whose lease is free or expired. `FOR UPDATE SKIP LOCKED` lets any
 * number of workers claim concurrently without waiting on or double-claiming a row; the lease
 * (owner + expiry) keeps the row theirs after this transaction commits, and the bumped
 * `lease_token` fences out a previous holder whose lease ran out.
 */
/**
 * When an active row is due: normally its `next_check_at`. The sweep part: a row with none
 * (never left so by the engine, but nothing must depend on that) is due at once, a row not yet
 * downloading is due at its deadline at the latest, and a copy at its result's expiry at the
 * latest, so no deadline or expiry is missed because a check was scheduled past it (after a
 * restart, a clock jump or a bug). Nothing stays in a non-final state forever.
 */
const dueAt = `CASE
    WHEN next_check_at IS NULL THEN 0
    WHEN deadline_at IS NOT NULL AND state IN ('accepted', 'submitted', 'running')
      THEN least(next_check_at, deadline_at)
    WHEN result_expires_at IS NOT NULL AND state = 'downloading'
      THEN least(next_check_at, result_expires_at)
    ELSE next_check_at END`;

/**
 * Claim order among due rows: copies of finished results first, the link that expires soonest
 * first (a paid result lost to an expired link is the costliest failure), then the rest by due
 * time.
 */
const claimOrder = `CASE WHEN state IN ('downloading', 'stored') THEN 0 ELSE 1 END,
    result_expires_at ASC NULLS LAST, ${dueAt}`;

/** Advisory-lock class of the worker liveness locks: (workerLockClass, hashtext(worker id)). */
export const workerLockClass = 727_114_002;

/**
 * A lease is free when it has expired, or (PostgreSQL, `ownersAlive`) when its owner no longer
 * holds its liveness lock: a worker keeps a session-level advisory lock for its id while it
 * lives, so a dead worker's leases are taken over at once instead of after `leaseMs`.
 */
function leaseFree(ownersAlive: boolean, now: string): string {
  const expired = `(lease_expires_at IS NULL OR lease_expires_at <= ${now})`;
  if (!ownersAlive) return expired;
  return `(${expired} OR NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
      AND l.classid = ${workerLockClass}::oid AND l.objid = (hashtext(lease_owner)::bigint & 4294967295)::oid
      AND l.objsubid = 2))`;
}

export async function claimDue(
  db: Queryable,
  options: {
    workerId: string;
    nowMs: number;
    leaseMs: number;
    limit: number;
    /** Check owners' liveness locks (PostgreSQL workers that hold one). */
    ownersAlive?: boolean;
    /** Rows this worker is processing right now (never claimed twice). */
    exclude?: readonly string[];
  },
): Promise<GenerationRow[]> {
  const result = await db.query(
    `WITH due AS (
       SELECT id FROM generations
       WHERE state IN ('accepted', 'submitted', 'running', 'downloading', 'stored')
         AND ${dueAt} <= $2
         AND ${leaseFree(options.ownersAlive ?? false, '$2')}
         AND NOT (id = ANY($5::text[]))
       ORDER BY ${claimOrder}
       LIMIT $4
       FOR UPDATE SKIP LOCKED
     )
     UPDATE generations AS g
     SET lease_owner = $1, lease_expires_at = $2 + $3, lease_token = g.lease_token + 1
     FROM due WHERE g.id = due.id
     RETURNING g.*`,
    [options.workerId, options.nowMs, options.leaseMs, options.limit, [...(options.exclude ?? [])]],
  );
  return result.rows.map(normaliseRow).sort(compareClaimOrder);
}

/** The same order as the claim query, for the rows one claim returned. */
function compareClaimOrder(a: GenerationRow, b: GenerationRow): number {
  const copying = (row: GenerationRow) => (row.state === 'downloading' || row.state === 'stored' ? 0 : 1);
  const expiry = (row: GenerationRow) => row.result_expires_at ?? Number.POSITIVE_INFINITY;
  return copying(a) - copying(b) || expiry(a) - expiry(b) || (a.next_check_at ?? 0) - (b.next_check_at ?? 0);
}

/**
 * Earliest time a row becomes claimable (for sleeping until then): the first unleased active
 * row by due time (read in order from the due-time index, migration 0061), and among the few
 * leased rows the later of their due time and their lease's end (a row leased by a dead owner,
 * on PostgreSQL, counts as unleased).
 */
export async function nextDueAt(
  db: Queryable,
  options: { ownersAlive?: boolean; nowMs?: number; exclude?: readonly string[] } = {},
): Promise<number | undefined> {
  const leaseEnd = options.ownersAlive
    ? `CASE WHEN ${leaseFree(true, '0')} THEN 0 ELSE lease_expires_at END`
    : 'lease_expires_at';
  const active = "state IN ('accepted', 'submitted', 'running', 'downloading', 'stored')";
  const result = await db.query<{ next: number | string | null }>(
    `SELECT least(
       (SELECT ${dueAt} FROM generations
         WHERE ${active} AND lease_expires_at IS NULL AND NOT (id = ANY($1::text[]))
         ORDER BY ${dueAt} LIMIT 1),
       (SELECT min(greatest(${dueAt}, ${leaseEnd})) FROM generations
         WHERE ${active} AND lease_expires_at IS NOT NULL AND NOT (id = ANY($1::text[])))
     ) AS next`,
    [[...(options.exclude ?? [])]],
  );
  const value = result.rows[0]?.next;
  return value === null || value === undefined ? undefined : Number(value);
}

/** Extends a held lease (long downloads); false when the lease was lost. */
export async function renewLease(
  db: Queryable,
  options: { id: string; workerId: string; token: number; untilMs: number },
): Promise<boolean> {
  const result = await db.query(
    'UPDATE generations SET lease_expires_at = $4 WHERE id = $1 AND lease_owner = $2 AND lease_token = $3',
    [options.id, options.workerId, options.token, options.untilMs],
  );
  return result.rowCount > 0;
}

/**
 * Frees every lease (embedded database at start-up: only one process can open it, so every
 * lease found then belongs to a process that died). Tokens stay: the next claim bumps them.
 */
export async function releaseAllLeases(db: Queryable): Promise<number> {
  const result = await db.query(
    'UPDATE generations SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner IS NOT NULL',
  );
  return result.rowCount;
}

/** Gives back every lease a worker holds (graceful shutdown), so others take over at once. */
export async function releaseLeases(db: Queryable, workerId: string): Promise<number> {
  const result = await db.query(
    'UPDATE generations SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1',
    [workerId],
  );
  return result.rowCount;
}
