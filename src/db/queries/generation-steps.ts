import type { Queryable } from '../db.ts';

export interface StepRow {
  generation_id: string;
  seq: number;
  from_state: string;
  to_state: string;
  worker_id: string;
  at: number;
}

/** The committed state changes of one generation, in order. */
export async function listSteps(db: Queryable, generationId: string): Promise<StepRow[]> {
  const result = await db.query<StepRow>(
    'SELECT * FROM generation_steps WHERE generation_id = $1 ORDER BY seq',
    [generationId],
  );
  return result.rows.map((row) => ({ ...row, seq: Number(row.seq), at: Number(row.at) }));
}
