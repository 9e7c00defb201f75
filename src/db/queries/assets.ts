/** An account's reusable reference images: insert, read one or several, list a page, delete. */
import type { Asset, AssetKind } from '../../core/assets.ts';
import type { Queryable } from '../db.ts';
import { type AccountPageOptions, selectAccountPage } from './account-page.ts';

interface AssetRecord {
  id: string;
  account_id: string;
  kind: string;
  name: string;
  description: string | null;
  key: string;
  media_type: string;
  bytes: string | number;
  sha256: string;
  width: number;
  height: number;
  created_at: string | number;
}

function toAsset(row: AssetRecord): Asset {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind as AssetKind,
    name: row.name,
    description: row.description,
    key: row.key,
    mediaType: row.media_type,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    width: Number(row.width),
    height: Number(row.height),
    createdAt: Number(row.created_at),
  };
}

export async function insertAsset(db: Queryable, asset: Asset): Promise<Asset> {
  const result = await db.query<AssetRecord>(
    `INSERT INTO assets (id, account_id, kind, name, description, key, media_type, bytes, sha256, width, height, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [
      asset.id,
      asset.accountId,
      asset.kind,
      asset.name,
      asset.description,
      asset.key,
      asset.mediaType,
      asset.bytes,
      asset.sha256,
      asset.width,
      asset.height,
      asset.createdAt,
    ],
  );
  return toAsset(result.rows[0]!);
}

/** One of the account's assets; another account's id reads as unknown. */
export async function getAsset(db: Queryable, accountId: string, id: string): Promise<Asset | undefined> {
  const result = await db.query<AssetRecord>('SELECT * FROM assets WHERE id = $1 AND account_id = $2', [
    id,
    accountId,
  ]);
  const row = result.rows[0];
  return row ? toAsset(row) : undefined;
}

/** The account's assets among `ids` (unknown and foreign ids are simply absent). */
export async function getAssets(db: Queryable, accountId: string, ids: readonly string[]): Promise<Asset[]> {
  if (ids.length === 0) return [];
  const result = await db.query<AssetRecord>(
    'SELECT * FROM assets WHERE account_id = $1 AND id = ANY($2::text[])',
    [accountId, [...ids]],
  );
  return result.rows.map(toAsset);
}

export interface AssetListOptions extends AccountPageOptions {
  kind?: AssetKind | undefined;
}

/** One page by creation time (id breaks ties); `after` is the last id of the previous page. */
export async function listAssets(
  db: Queryable,
  accountId: string,
  options: AssetListOptions,
): Promise<{ rows: Asset[]; hasMore: boolean }> {
  const params: unknown[] = [accountId];
  const where: string[] = [];
  if (options.kind) {
    params.push(options.kind);
    where.push(`kind = $${params.length}`);
  }
  const page = await selectAccountPage<AssetRecord>(db, 'assets', where, params, options);
  return { rows: page.rows.map(toAsset), hasMore: page.hasMore };
}

/** Deletes one of the account's assets; returns the deleted row (undefined: none). */
export async function deleteAsset(db: Queryable, accountId: string, id: string): Promise<Asset | undefined> {
  const result = await db.query<AssetRecord>(
    'DELETE FROM assets WHERE id = $1 AND account_id = $2 RETURNING *',
    [id, accountId],
  );
  const row = result.rows[0];
  return row ? toAsset(row) : undefined;
}
