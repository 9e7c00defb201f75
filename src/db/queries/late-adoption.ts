/**
 * Queries of late adoption (src/worker/late-adoption.ts): the generations worth looking up
 * again, and the one write that reopens a generation whose job turned up after it ended.
 */
import type { JSONValue } from '@ai-sdk/provider';
import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

/** Error codes after which a paid job may still exist at the provider. */
export const lateAdoptionCodes = ['start_unconfirmed', 'timed_out'] as const;

/** Ended generations (not long videos) that may still have a job at the provider, newest first. */
export async function listLateAdoptionCandidates(
  db: Queryable,
  options: { sinceMs: number; limit: number },
): Promise<GenerationRow[]> {
  const result = await db.query(
    `SELECT * FROM generations
     WHERE state = 'failed' AND error_code IN ('start_unconfirmed', 'timed_out') AND plan IS NULL
       AND updated_at >= $1
     ORDER BY updated_at DESC LIMIT $2`,
    [options.sinceMs, options.limit],
  );
  return result.rows.map(normaliseRow);
}

/**
 * Reopens an ended generation to `running` with the job found for it, so the usual steps check
 * it and store its video. Applies only while the row is still ended with `fromCode` and has no
 * other job; the change is logged in `generation_steps` by `actor`. Returns undefined when
 * another worker got there first (or the row changed).
 */
export async function reopenWithLateJob(
  db: Queryable,
  options: {
    id: string;
    fromCode: string;
    operation: JSONValue;
    jobId: string;
    warning: string;
    deadlineAtMs: number | null;
    actor: string;
    nowMs: number;
  },
): Promise<GenerationRow | undefined> {
  const result = await db.query(
    `WITH updated AS (
       UPDATE generations AS g SET
         state = 'running', step_seq = g.step_seq + 1,
         operation = $3::jsonb, provider_job_id = $4,
         error_code = NULL, error_message = NULL, error_retryable = NULL, error_hint = NULL,
         warnings = g.warnings || jsonb_build_array($5::text),
         next_check_at = $8, deadline_at = $6, attempts = 0,
         lease_owner = NULL, lease_expires_at = NULL, lease_token = g.lease_token + 1,
         updated_at = $8
       WHERE id = $1 AND state = 'failed' AND error_code = $2
         AND (provider_job_id IS NULL OR provider_job_id = $4)
       RETURNING *
     ), step AS (
       INSERT INTO generation_steps (generation_id, seq, from_state, to_state, worker_id, at)
       SELECT updated.id, updated.step_seq, 'failed', 'running', $7, $8 FROM updated
     )
     SELECT * FROM updated`,
    [
      options.id,
      options.fromCode,
      JSON.stringify(options.operation),
      options.jobId,
      options.warning,
      options.deadlineAtMs,
      options.actor,
      options.nowMs,
    ],
  );
  const row = result.rows[0];
  return row ? normaliseRow(row) : undefined;
}
