/** An in-memory AccountStore for HTTP tests (the SQL store is tested on PGlite separately). */
import type {
  Account,
  AccountStore,
  ApiKeyInfo,
  CreatedApiKey,
  CreateKeyInput,
} from '../../../src/auth/account.ts';
import { displayPrefix, generateApiKey, hashApiKey, randomId } from '../../../src/auth/api-key.ts';

export class MemoryAccountStore implements AccountStore {
  readonly accounts = new Map<string, Account>();
  readonly #keys = new Map<string, ApiKeyInfo & { hash: string }>();

  async authenticate(key: string): Promise<Account | undefined> {
    const hash = hashApiKey(key);
    const found = [...this.#keys.values()].find((entry) => entry.hash === hash && entry.revokedAt === null);
    return found ? this.accounts.get(found.accountId) : undefined;
  }

  async getAccount(id: string): Promise<Account | undefined> {
    return this.accounts.get(id);
  }

  #newAccount(id: string, name: string, isAdmin: boolean): Account {
    const account: Account = {
      id,
      name,
      isAdmin,
      budgetUsd: null,
      spentUsd: 0,
      concurrencyLimit: null,
      policyCheck: true,
      createdAt: 0,
    };
    this.accounts.set(id, account);
    return account;
  }

  async createKey(input: CreateKeyInput): Promise<CreatedApiKey> {
    const account =
      input.accountId !== undefined
        ? this.accounts.get(input.accountId)
        : this.#newAccount(randomId('acct_'), input.name ?? 'account', input.isAdmin ?? false);
    if (!account) throw new Error('no such account');
    const key = generateApiKey();
    const info = {
      id: randomId('key_'),
      accountId: account.id,
      name: input.name ?? null,
      prefix: displayPrefix(key),
      source: input.source ?? 'cli',
      createdAt: 0,
      lastUsedAt: null,
      revokedAt: null,
      hash: hashApiKey(key),
    } satisfies ApiKeyInfo & { hash: string };
    this.#keys.set(info.id, info);
    const { hash: _hash, ...publicInfo } = info;
    return { key, info: publicInfo, account };
  }

  async ensureKey(key: string, options: { isAdmin: boolean; name: string }): Promise<Account> {
    const hash = hashApiKey(key);
    const accountId = `acct_${hash.slice(0, 20)}`;
    const account =
      this.accounts.get(accountId) ?? this.#newAccount(accountId, options.name, options.isAdmin);
    if (![...this.#keys.values()].some((entry) => entry.hash === hash)) {
      this.#keys.set(`key_${hash.slice(0, 24)}`, {
        id: `key_${hash.slice(0, 24)}`,
        accountId,
        name: options.name,
        prefix: displayPrefix(key),
        source: 'env',
        createdAt: 0,
        lastUsedAt: null,
        revokedAt: null,
        hash,
      });
    }
    return account;
  }

  async listKeys(
    filter: { accountId?: string | undefined; includeRevoked?: boolean } = {},
  ): Promise<ApiKeyInfo[]> {
    return [...this.#keys.values()]
      .filter((entry) => filter.accountId === undefined || entry.accountId === filter.accountId)
      .filter((entry) => filter.includeRevoked || entry.revokedAt === null)
      .map(({ hash: _hash, ...info }) => info);
  }

  async revokeKey(idOrPrefix: string, scope: { accountId?: string | undefined } = {}): Promise<boolean> {
    let revoked = false;
    for (const entry of this.#keys.values()) {
      if (
        (entry.id === idOrPrefix || (entry.prefix === idOrPrefix && idOrPrefix.length >= 10)) &&
        entry.revokedAt === null
      ) {
        if (scope.accountId !== undefined && entry.accountId !== scope.accountId) continue;
        entry.revokedAt = 1;
        revoked = true;
      }
    }
    return revoked;
  }
}
