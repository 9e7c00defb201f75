/**
 * Webhook delivery rows: enqueue (one INSERT for every matching endpoint), claim due deliveries
 * (FOR UPDATE SKIP LOCKED plus a lease, so any number of worker processes share the queue),
 * record an attempt and its outcome, list, and replay.
 */
import type { Queryable } from '../../db/db.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: string;
  endpoint_id: string;
  account_id: string;
  event_id: string;
  event_type: string;
  generation_id: string | null;
  payload: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  failed_at: number | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  replay_of: string | null;
  created_at: number;
}

/** A claimed delivery with what is needed to send it. */
export interface ClaimedDelivery extends WebhookDeliveryRow {
  endpoint_url: string;
  endpoint_secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  endpoint_disabled_at: number | null;
}

export interface WebhookAttemptRow {
  delivery_id: string;
  attempt: number;
  worker_id: string;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

const numericColumns = [
  'attempt_count',
  'next_attempt_at',
  'last_attempt_at',
  'last_status_code',
  'delivered_at',
  'failed_at',
  'lease_expires_at',
  'created_at',
  'previous_secret_expires_at',
  'endpoint_disabled_at',
  'attempt',
  'started_at',
  'duration_ms',
  'status_code',
];

function normalise<Row>(row: Record<string, unknown>): Row {
  const copy = { ...row };
  for (const column of numericColumns) {
    const value = copy[column];
    if (value !== null && value !== undefined) copy[column] = Number(value);
  }
  return copy as Row;
}

/**
 * Creates one pending delivery per enabled endpoint of the account subscribed to `type`. A single
 * statement; an event already enqueued for an endpoint is skipped. Returns how many were created.
 */
export async function enqueueDeliveries(
  db: Queryable,
  event: {
    accountId: string;
    eventId: string;
    type: string;
    generationId: string | null;
    payload: string;
    nowMs: number;
  },
): Promise<number> {
  const result = await db.query(
    `INSERT INTO webhook_deliveries
       (id, endpoint_id, account_id, event_id, event_type, generation_id, payload, status, next_attempt_at, created_at)
     SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), e.id, e.account_id, $2, $3, $4, $5, 'pending', $6, $6
     FROM webhook_endpoints e
     WHERE e.account_id = $1 AND e.disabled_at IS NULL AND $3 = ANY (e.event_types)
     ON CONFLICT (endpoint_id, event_id) WHERE replay_of IS NULL DO NOTHING`,
    [event.accountId, event.eventId, event.type, event.generationId, event.payload, event.nowMs],
  );
  return result.rowCount;
}

/**
 * Claims up to `limit` due deliveries for `workerId` and counts the attempt being started. Rows
 * locked by another claimer are skipped, and a lease keeps a claimed row away from others until it
 * expires (a worker that died mid-attempt leaves it to be retried after `leaseMs`).
 */
export async function claimDueDeliveries(
  db: Queryable,
  options: { workerId: string; nowMs: number; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const result = await db.query(
    `WITH due AS (
       SELECT id FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= $2
         AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
       ORDER BY next_attempt_at
       LIMIT $4
       FOR UPDATE SKIP LOCKED
     )
     UPDATE webhook_deliveries AS d
     SET lease_owner = $1, lease_expires_at = $2::bigint + $3::bigint, attempt_count = d.attempt_count + 1,
         last_attempt_at = $2
     FROM due, webhook_endpoints AS e
     WHERE d.id = due.id AND e.id = d.endpoint_id
     RETURNING d.*, e.url AS endpoint_url, e.secret AS endpoint_secret, e.previous_secret,
               e.previous_secret_expires_at, e.disabled_at AS endpoint_disabled_at`,
    [options.workerId, options.nowMs, options.leaseMs, options.limit],
  );
  return result.rows.map((row) => normalise<ClaimedDelivery>(row));
}

export type AttemptOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed' };

/**
 * Records one attempt and moves the delivery on, but only while this worker still holds the
 * lease for this attempt (a worker whose lease ran out cannot overwrite a newer attempt).
 * Returns false when the lease was lost.
 */
export async function recordAttempt(
  db: Queryable & { transaction?<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  attempt: {
    deliveryId: string;
    workerId: string;
    attempt: number;
    startedAt: number;
    durationMs: number;
    statusCode: number | null;
    error: string | null;
    outcome: AttemptOutcome;
    nowMs: number;
  },
): Promise<boolean> {
  const work = async (tx: Queryable) => {
    await tx.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, worker_id, started_at, duration_ms, status_code, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [
        attempt.deliveryId,
        attempt.attempt,
        attempt.workerId,
        attempt.startedAt,
        Math.max(0, Math.round(attempt.durationMs)),
        attempt.statusCode,
        attempt.error,
      ],
    );
    const { outcome } = attempt;
    const result = await tx.query(
      `UPDATE webhook_deliveries
       SET status = $4, last_status_code = $5, last_error = $6,
           next_attempt_at = $7, delivered_at = $8, failed_at = $9,
           lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND lease_owner = $2 AND attempt_count = $3`,
      [
        attempt.deliveryId,
        attempt.workerId,
        attempt.attempt,
        outcome.status,
        attempt.statusCode,
        attempt.error,
        outcome.status === 'pending' ? outcome.nextAttemptAt : null,
        outcome.status === 'delivered' ? attempt.nowMs : null,
        outcome.status === 'failed' ? attempt.nowMs : null,
      ],
    );
    return result.rowCount > 0;
  };
  return db.transaction ? db.transaction(work) : work(db);
}

/** When the next pending delivery becomes due (for sleeping until then), if any. */
export async function nextDeliveryDueAt(db: Queryable): Promise<number | undefined> {
  const result = await db.query<{ next: number | string | null }>(
    `SELECT min(greatest(next_attempt_at, coalesce(lease_expires_at, 0))) AS next
     FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at IS NOT NULL`,
  );
  const value = result.rows[0]?.next;
  return value === null || value === undefined ? undefined : Number(value);
}

export async function listDeliveries(
  db: Queryable,
  options: { accountId: string; endpointId: string; limit: number; after?: string | undefined },
): Promise<WebhookDeliveryRow[]> {
  const params: unknown[] = [options.accountId, options.endpointId, options.limit];
  let cursor = '';
  if (options.after) {
    params.push(options.after);
    cursor = `AND (created_at, id) < (SELECT created_at, id FROM webhook_deliveries WHERE id = $4 AND endpoint_id = $2)`;
  }
  const result = await db.query(
    `SELECT * FROM webhook_deliveries
     WHERE account_id = $1 AND endpoint_id = $2 ${cursor}
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    params,
  );
  return result.rows.map((row) => normalise<WebhookDeliveryRow>(row));
}

export async function getDelivery(
  db: Queryable,
  options: { accountId: string; endpointId: string; id: string },
): Promise<WebhookDeliveryRow | undefined> {
  const result = await db.query(
    'SELECT * FROM webhook_deliveries WHERE account_id = $1 AND endpoint_id = $2 AND id = $3',
    [options.accountId, options.endpointId, options.id],
  );
  const row = result.rows[0];
  return row ? normalise<WebhookDeliveryRow>(row) : undefined;
}

export async function listAttempts(db: Queryable, deliveryId: string): Promise<WebhookAttemptRow[]> {
  const result = await db.query('SELECT * FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt', [
    deliveryId,
  ]);
  return result.rows.map((row) => normalise<WebhookAttemptRow>(row));
}

/** A new pending delivery of the same event (same `webhook-id`), due now, with a fresh schedule. */
export async function replayDelivery(
  db: Queryable,
  options: { accountId: string; endpointId: string; id: string; newId: string; nowMs: number },
): Promise<WebhookDeliveryRow | undefined> {
  const result = await db.query(
    `INSERT INTO webhook_deliveries
       (id, endpoint_id, account_id, event_id, event_type, generation_id, payload, status, next_attempt_at,
        replay_of, created_at)
     SELECT $4, endpoint_id, account_id, event_id, event_type, generation_id, payload, 'pending', $5, id, $5
     FROM webhook_deliveries WHERE account_id = $1 AND endpoint_id = $2 AND id = $3
     RETURNING *`,
    [options.accountId, options.endpointId, options.id, options.newId, options.nowMs],
  );
  const row = result.rows[0];
  return row ? normalise<WebhookDeliveryRow>(row) : undefined;
}
