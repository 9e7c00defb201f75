/**
 * The accounts/keys store on the project database (tables from migration 0002_accounts.sql).
 * Works on PGlite and PostgreSQL alike: one dialect.
 */
import type { Clock } from '../core/clock.ts';
import { ReelgateError } from '../core/errors.ts';
import type { Db } from '../db/db.ts';
import type {
  Account,
  AccountStore,
  ApiKeyInfo,
  ApiKeySource,
  CreatedApiKey,
  CreateKeyInput,
} from './account.ts';
import { displayPrefix, generateApiKey, hashApiKey, hashesEqual, randomId } from './api-key.ts';

/** How stale `last_used_at` may get before an authentication refreshes it (saves a write per request). */
const lastUsedResolutionMs = 60_000;

interface AccountRow {
  id: string;
  name: string;
  is_admin: boolean;
  budget_usd: string | number | null;
  spent_usd: string | number;
  concurrency_limit: number | null;
  policy_check: boolean;
  created_at: string | number | bigint;
}

interface KeyRow {
  id: string;
  account_id: string;
  name: string | null;
  prefix: string;
  source: string;
  created_at: string | number | bigint;
  last_used_at: string | number | bigint | null;
  revoked_at: string | number | bigint | null;
}

const accountColumns =
  'a.id, a.name, a.is_admin, a.budget_usd, a.spent_usd, a.concurrency_limit, a.policy_check, a.created_at';
const keyColumns =
  'k.id, k.account_id, k.name, k.prefix, k.source, k.created_at, k.last_used_at, k.revoked_at';

function toNumberOrNull(value: string | number | bigint | null): number | null {
  return value === null ? null : Number(value);
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    isAdmin: row.is_admin,
    budgetUsd: toNumberOrNull(row.budget_usd),
    spentUsd: Number(row.spent_usd),
    concurrencyLimit: row.concurrency_limit,
    policyCheck: row.policy_check,
    createdAt: Number(row.created_at),
  };
}

function toKeyInfo(row: KeyRow): ApiKeyInfo {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    prefix: row.prefix,
    source: row.source as ApiKeySource,
    createdAt: Number(row.created_at),
    lastUsedAt: toNumberOrNull(row.last_used_at),
    revokedAt: toNumberOrNull(row.revoked_at),
  };
}

export interface SqlAccountStoreOptions {
  db: Db;
  clock: Clock;
}

/**
 * @example
 * const accounts = new SqlAccountStore({ db, clock: systemClock });
 * const { key } = await accounts.createKey({ name: 'my app' }); // show `key` once
 * const account = await accounts.authenticate(key);
 */
export class SqlAccountStore implements AccountStore {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(options: SqlAccountStoreOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  async authenticate(key: string): Promise<Account | undefined> {
    const hash = hashApiKey(key);
    const { rows } = await this.#db.query<
      AccountRow & { key_id: string; key_hash: string; last_used_at: unknown }
    >(
      `SELECT ${accountColumns}, k.id AS key_id, k.key_hash, k.last_used_at
         FROM api_keys k JOIN accounts a ON a.id = k.account_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND a.disabled_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row || !hashesEqual(row.key_hash, hash)) return undefined;
    const now = this.#clock.now();
    const lastUsed = row.last_used_at === null ? null : Number(row.last_used_at);
    if (lastUsed === null || now - lastUsed > lastUsedResolutionMs) {
      await this.#db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [row.key_id, now]);
    }
    return toAccount(row);
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const { rows } = await this.#db.query<AccountRow>(
      `SELECT ${accountColumns} FROM accounts a WHERE a.id = $1`,
      [id],
    );
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async createKey(input: CreateKeyInput): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const now = this.#clock.now();
    return this.#db.transaction(async (tx) => {
      let accountId = input.accountId;
      if (accountId === undefined) {
        accountId = randomId('acct_');
        await tx.query('INSERT INTO accounts (id, name, is_admin, created_at) VALUES ($1, $2, $3, $4)', [
          accountId,
          input.name ?? accountId,
          input.isAdmin ?? false,
          now,
        ]);
      }
      const accounts = await tx.query<AccountRow>(
        `SELECT ${accountColumns} FROM accounts a WHERE a.id = $1`,
        [accountId],
      );
      const accountRow = accounts.rows[0];
      if (!accountRow)
        throw new ReelgateError({ code: 'not_found', message: 'No account found with that id.' });
      const inserted = await tx.query<KeyRow>(
        `INSERT INTO api_keys AS k (id, account_id, name, key_hash, prefix, source, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${keyColumns}`,
        [
          randomId('key_'),
          accountId,
          input.name ?? null,
          hashApiKey(key),
          displayPrefix(key),
          input.source ?? 'cli',
          now,
        ],
      );
      return { key, info: toKeyInfo(inserted.rows[0]!), account: toAccount(accountRow) };
    });
  }

  async ensureKey(key: string, options: { isAdmin: boolean; name: string }): Promise<Account> {
    const hash = hashApiKey(key);
    // Derived ids: the same configured key always maps to the same account, in every process.
    const accountId = `acct_${hash.slice(0, 20)}`;
    const now = this.#clock.now();
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO accounts (id, name, is_admin, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET is_admin = EXCLUDED.is_admin`,
        [accountId, options.name, options.isAdmin, now],
      );
      await tx.query(
        `INSERT INTO api_keys (id, account_id, name, key_hash, prefix, source, created_at)
         VALUES ($1, $2, $3, $4, $5, 'env', $6) ON CONFLICT (key_hash) DO NOTHING`,
        [`key_${hash.slice(0, 24)}`, accountId, options.name, hash, displayPrefix(key), now],
      );
    });
    const account = await this.getAccount(accountId);
    if (!account)
      throw new ReelgateError({ code: 'internal', message: 'Configured API key account vanished.' });
    return account;
  }

  async listKeys(
    filter: { accountId?: string | undefined; includeRevoked?: boolean } = {},
  ): Promise<ApiKeyInfo[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.accountId !== undefined) {
      params.push(filter.accountId);
      conditions.push(`k.account_id = $${params.length}`);
    }
    if (!filter.includeRevoked) conditions.push('k.revoked_at IS NULL');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await this.#db.query<KeyRow>(
      `SELECT ${keyColumns} FROM api_keys k ${where} ORDER BY k.created_at, k.id`,
      params,
    );
    return rows.map(toKeyInfo);
  }

  async revokeKey(idOrPrefix: string, scope: { accountId?: string | undefined } = {}): Promise<boolean> {
    const params: unknown[] = [idOrPrefix, this.#clock.now()];
    let accountCondition = '';
    if (scope.accountId !== undefined) {
      params.push(scope.accountId);
      accountCondition = `AND account_id = $${params.length}`;
    }
    const { rowCount } = await this.#db.query(
      `UPDATE api_keys SET revoked_at = $2
        WHERE (id = $1 OR (prefix = $1 AND length($1) >= 10)) AND revoked_at IS NULL ${accountCondition}`,
      params,
    );
    return rowCount > 0;
  }
}
