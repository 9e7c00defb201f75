import type { Queryable } from '../db.ts';

/** Records a webhook delivery id; false when it was seen before (a duplicate or replay). */
export async function recordWebhookEvent(
  db: Queryable,
  options: { provider: string; eventId: string; nowMs: number },
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO provider_webhook_events (provider, event_id, received_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [options.provider, options.eventId, options.nowMs],
  );
  return result.rowCount > 0;
}
