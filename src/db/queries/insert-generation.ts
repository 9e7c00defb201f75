/**
 * Inserts a generation row — with its plan, estimate and segment index when it has them, and its
 * spend reservation when one is given — in ONE statement, so a row never exists without its
 * estimate or its hold on the account's budget.
 */
import type { Queryable } from '../db.ts';
import { type GenerationRow, normaliseRow } from './generation-row.ts';

export type NewGenerationRow = Pick<
  GenerationRow,
  | 'id'
  | 'account_id'
  | 'state'
  | 'provider'
  | 'model'
  | 'model_id'
  | 'prompt'
  | 'requested'
  | 'size'
  | 'resolution'
  | 'duration_seconds'
  | 'inputs'
  | 'warnings'
  | 'emulated'
  | 'parent_id'
  | 'idempotency_key'
  | 'next_check_at'
  | 'expected_total_ms'
  | 'eta_at'
  | 'cost_usd'
  | 'created_at'
  | 'updated_at'
  | 'deadline_at'
> & {
  plan?: unknown;
  estimate?: unknown;
  segment_index?: number | null;
  /** W3C trace context of the generation's trace (a segment carries its video's). */
  trace_context?: string | null | undefined;
};

export interface Reservation {
  /** The account charged (a segment's row lives under an internal account). */
  accountId: string;
  amountUsd: number;
}

export async function insertGeneration(
  db: Queryable,
  row: NewGenerationRow,
  reservation?: Reservation,
): Promise<GenerationRow> {
  const params = [
    row.id,
    row.account_id,
    row.state,
    row.provider,
    row.model,
    row.model_id,
    row.prompt,
    JSON.stringify(row.requested),
    row.size,
    row.resolution,
    row.duration_seconds,
    JSON.stringify(row.inputs),
    JSON.stringify(row.warnings),
    row.emulated,
    row.parent_id,
    row.idempotency_key,
    row.next_check_at,
    row.expected_total_ms,
    row.eta_at,
    row.cost_usd,
    row.created_at,
    row.updated_at,
    row.deadline_at,
    row.plan === undefined || row.plan === null ? null : JSON.stringify(row.plan),
    row.estimate === undefined || row.estimate === null ? null : JSON.stringify(row.estimate),
    row.segment_index ?? null,
    row.trace_context ?? null,
  ];
  const insert = `INSERT INTO generations (id, account_id, state, provider, model, model_id, prompt, requested, size,
       resolution, duration_seconds, inputs, warnings, emulated, parent_id, idempotency_key, next_check_at,
       expected_total_ms, eta_at, cost_usd, created_at, updated_at, deadline_at, plan, estimate, segment_index,
       trace_context)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18,
       $19, $20, $21, $22, $23, $24::jsonb, $25::jsonb, $26, $27)
     RETURNING *`;
  if (!reservation) {
    const result = await db.query(insert, params);
    return normaliseRow(result.rows[0]!);
  }
  const result = await db.query(
    `WITH g AS (${insert}),
       r AS (INSERT INTO spend_ledger (account_id, generation_id, source_id, kind, entry_key, model, amount_usd,
               period_at, recorded_at)
             SELECT $28, id, id, 'reserve', 'reserve:' || id, model, $29, created_at, created_at FROM g)
     SELECT * FROM g`,
    [...params, reservation.accountId, reservation.amountUsd],
  );
  return normaliseRow(result.rows[0]!);
}
