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
>;

export async function insertGeneration(db: Queryable, row: NewGenerationRow): Promise<GenerationRow> {
  const result = await db.query(
    `INSERT INTO generations (id, account_id, state, provider, model, model_id, prompt, requested, size, resolution,
       duration_seconds, inputs, warnings, emulated, parent_id, idempotency_key, next_check_at, expected_total_ms,
       eta_at, cost_usd, created_at, updated_at, deadline_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18,
       $19, $20, $21, $22, $23)
     RETURNING *`,
    [
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
    ],
  );
  return normaliseRow(result.rows[0]!);
}
