import type { GenerationState } from '../../core/generation.ts';
import type { Queryable } from '../db.ts';
import { type GenerationPatch, type GenerationRow, jsonColumns, normaliseRow } from './generation-row.ts';

const columnPattern = /^[a-z][a-z0-9_]*$/;

function setClause(patch: GenerationPatch, params: unknown[]): string {
  const parts: string[] = [];
  for (const [column, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!columnPattern.test(column)) throw new Error(`Bad column ${column}`);
    if (jsonColumns.has(column)) {
      params.push(value === null ? null : JSON.stringify(value));
      parts.push(`${column} = $${params.length}::jsonb`);
    } else {
      params.push(value);
      parts.push(`${column} = $${params.length}`);
    }
  }
  return parts.join(', ');
}

export interface Fence {
  workerId: string;
  token: number;
  /** The state the worker read; the write lands only if the row is still in it. */
  state: GenerationState;
}

/**
 * A worker's write: applies `patch` only while the worker still holds the lease it claimed
 * (owner + token) and the row is still in the state it read. A state change is logged in
 * `generation_steps` in the same statement. Returns undefined when the lease was lost (the row
 * was canceled, deleted, or taken over), in which case the caller must abandon the step.
 */
export async function updateFenced(
  db: Queryable,
  id: string,
  fence: Fence,
  patch: GenerationPatch,
  nowMs: number,
): Promise<GenerationRow | undefined> {
  const params: unknown[] = [id, fence.workerId, fence.token, fence.state, nowMs, patch.state ?? fence.state];
  const newStateParam = 6;
  const set = setClause({ ...patch, updated_at: nowMs }, params);
  const result = await db.query(
    `WITH updated AS (
       UPDATE generations AS g SET ${set},
         step_seq = CASE WHEN g.state = $4 AND $${newStateParam}::text <> $4 THEN g.step_seq + 1 ELSE g.step_seq END
       WHERE id = $1 AND lease_owner = $2 AND lease_token = $3 AND state = $4
       RETURNING *
     ), step AS (
       INSERT INTO generation_steps (generation_id, seq, from_state, to_state, worker_id, at)
       SELECT updated.id, updated.step_seq, $4, updated.state, $2, $5
       FROM updated WHERE updated.state <> $4
     )
     SELECT * FROM updated`,
    params,
  );
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}

/**
 * An unfenced write by the service (cancel): applies when the row is still in one of
 * `fromStates`, bumps the lease token so any worker mid-step loses its fence, and clears the
 * lease.
 */
export async function updateByService(
  db: Queryable,
  options: { id: string; accountId: string; fromStates: readonly GenerationState[]; actor: string },
  patch: GenerationPatch,
  nowMs: number,
): Promise<GenerationRow | undefined> {
  const params: unknown[] = [
    options.id,
    options.accountId,
    [...options.fromStates],
    options.actor,
    nowMs,
    patch.state ?? null,
  ];
  const newStateParam = 6;
  const set = setClause({ ...patch, updated_at: nowMs, lease_owner: null, lease_expires_at: null }, params);
  const result = await db.query(
    `WITH before AS (
       SELECT id, state FROM generations WHERE id = $1 AND account_id = $2 AND state = ANY($3::text[]) FOR UPDATE
     ), updated AS (
       UPDATE generations AS g SET ${set}, lease_token = g.lease_token + 1,
         step_seq = CASE WHEN $${newStateParam}::text IS NOT NULL AND $${newStateParam}::text <> g.state THEN g.step_seq + 1 ELSE g.step_seq END
       FROM before WHERE g.id = before.id
       RETURNING g.*, before.state AS previous_state
     ), step AS (
       INSERT INTO generation_steps (generation_id, seq, from_state, to_state, worker_id, at)
       SELECT updated.id, updated.step_seq, updated.previous_state, updated.state, $4, $5
       FROM updated WHERE updated.state <> updated.previous_state
     )
     SELECT * FROM updated`,
    params,
  );
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}

/** Makes a generation due now (a webhook said something happened). */
export async function markDueNow(db: Queryable, id: string, nowMs: number): Promise<boolean> {
  const result = await db.query(
    `UPDATE generations SET next_check_at = $2, updated_at = $2
     WHERE id = $1 AND state IN ('submitted', 'running', 'downloading')`,
    [id, nowMs],
  );
  return result.rowCount > 0;
}
