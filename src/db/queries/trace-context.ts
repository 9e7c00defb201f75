import type { Queryable } from '../db.ts';

/** The `traceparent` stored on a generation (null: untraced or gone). */
export async function readTraceContext(db: Queryable, generationId: string): Promise<string | null> {
  const result = await db.query<{ trace_context: string | null }>(
    'SELECT trace_context FROM generations WHERE id = $1',
    [generationId],
  );
  return result.rows[0]?.trace_context ?? null;
}
