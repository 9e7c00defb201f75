/**
 * Webhook endpoint rows: create, read (always scoped to one account), delete, rotate the secret.
 * Secrets pass through the caller's SecretBox; rows here hold what is stored.
 */
import type { Queryable } from '../../db/db.ts';

export interface WebhookEndpointRow {
  id: string;
  account_id: string;
  url: string;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  event_types: string[];
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  disabled_reason: string | null;
}

const numeric = ['previous_secret_expires_at', 'created_at', 'updated_at', 'disabled_at'] as const;

export function normaliseEndpoint(row: Record<string, unknown>): WebhookEndpointRow {
  const copy = { ...row } as Record<string, unknown>;
  for (const column of numeric) {
    const value = copy[column];
    if (value !== null && value !== undefined) copy[column] = Number(value);
  }
  return copy as unknown as WebhookEndpointRow;
}

export async function insertEndpoint(
  db: Queryable,
  endpoint: {
    id: string;
    accountId: string;
    url: string;
    description: string | null;
    secret: string;
    eventTypes: readonly string[];
    nowMs: number;
  },
): Promise<WebhookEndpointRow> {
  const result = await db.query(
    `INSERT INTO webhook_endpoints (id, account_id, url, description, secret, event_types, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
    [
      endpoint.id,
      endpoint.accountId,
      endpoint.url,
      endpoint.description,
      endpoint.secret,
      [...endpoint.eventTypes],
      endpoint.nowMs,
    ],
  );
  return normaliseEndpoint(result.rows[0]!);
}

export async function listEndpoints(db: Queryable, accountId: string): Promise<WebhookEndpointRow[]> {
  const result = await db.query(
    'SELECT * FROM webhook_endpoints WHERE account_id = $1 ORDER BY created_at, id',
    [accountId],
  );
  return result.rows.map(normaliseEndpoint);
}

export async function getEndpoint(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<WebhookEndpointRow | undefined> {
  const result = await db.query('SELECT * FROM webhook_endpoints WHERE account_id = $1 AND id = $2', [
    accountId,
    id,
  ]);
  const row = result.rows[0];
  return row ? normaliseEndpoint(row) : undefined;
}

export async function countEndpoints(db: Queryable, accountId: string): Promise<number> {
  const result = await db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM webhook_endpoints WHERE account_id = $1',
    [accountId],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Deletes the endpoint and (cascade) its deliveries. False when no such endpoint in the account. */
export async function deleteEndpoint(db: Queryable, accountId: string, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM webhook_endpoints WHERE account_id = $1 AND id = $2', [
    accountId,
    id,
  ]);
  return result.rowCount > 0;
}

/** Installs a new secret; the old one keeps signing until `previousExpiresAtMs`. */
export async function rotateEndpointSecret(
  db: Queryable,
  options: { accountId: string; id: string; secret: string; previousExpiresAtMs: number; nowMs: number },
): Promise<WebhookEndpointRow | undefined> {
  const result = await db.query(
    `UPDATE webhook_endpoints
     SET previous_secret = CASE WHEN $4::bigint > $5::bigint THEN secret ELSE NULL END,
         previous_secret_expires_at = CASE WHEN $4::bigint > $5::bigint THEN $4::bigint ELSE NULL END,
         secret = $3, updated_at = $5::bigint
     WHERE account_id = $1 AND id = $2 RETURNING *`,
    [options.accountId, options.id, options.secret, options.previousExpiresAtMs, options.nowMs],
  );
  const row = result.rows[0];
  return row ? normaliseEndpoint(row) : undefined;
}

/** Turns an endpoint off (e.g. the receiver answered 410 Gone); pending deliveries stop. */
export async function disableEndpoint(
  db: Queryable,
  id: string,
  reason: string,
  nowMs: number,
): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3, updated_at = $2
     WHERE id = $1 AND disabled_at IS NULL`,
    [id, nowMs, reason],
  );
}
