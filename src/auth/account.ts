/**
 * Accounts and API keys: who is calling, and what they may do. Every generation belongs to
 * exactly one account; each API key belongs to one account.
 */

export interface Account {
  id: string;
  name: string;
  /** Admin accounts may manage keys through the admin API. */
  isAdmin: boolean;
  /** Spending budget in USD; null means unlimited (enforced by later issues). */
  budgetUsd: number | null;
  spentUsd: number;
  /** How many generations may run at once; null means unlimited. */
  concurrencyLimit: number | null;
  /** Whether prompts of this account go through the content-policy check. */
  policyCheck: boolean;
  createdAt: number;
}

export type ApiKeySource = 'env' | 'cli' | 'api';

/** What is kept about a key: never the key itself, only its hash and a display prefix. */
export interface ApiKeyInfo {
  id: string;
  accountId: string;
  name: string | null;
  /** The first characters of the key ("rg_3Fq9xT"), for listings. */
  prefix: string;
  source: ApiKeySource;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A newly created key: `key` is shown once and never stored. */
export interface CreatedApiKey {
  key: string;
  info: ApiKeyInfo;
  account: Account;
}

export interface CreateKeyInput {
  /** Attach the key to this account; when absent a new account is made (each key its own account). */
  accountId?: string | undefined;
  name?: string | undefined;
  /** For a new account: whether it is an admin account. */
  isAdmin?: boolean | undefined;
  source?: ApiKeySource | undefined;
}

/** The accounts/keys store the HTTP API authenticates against. */
export interface AccountStore {
  /** The account owning an active (not revoked) key, or undefined. */
  authenticate(key: string): Promise<Account | undefined>;
  getAccount(id: string): Promise<Account | undefined>;
  createKey(input: CreateKeyInput): Promise<CreatedApiKey>;
  /**
   * Makes sure a key given in configuration (REELGATE_API_KEYS) exists, with its own account
   * whose id is derived from the key's hash, so restarts map the key to the same account.
   * A key that was revoked stays revoked.
   */
  ensureKey(key: string, options: { isAdmin: boolean; name: string }): Promise<Account>;
  listKeys(filter?: { accountId?: string | undefined; includeRevoked?: boolean }): Promise<ApiKeyInfo[]>;
  /** Revokes by key id or by the 10-character display prefix of a generated key; false when nothing matched. */
  revokeKey(idOrPrefix: string, scope?: { accountId?: string | undefined }): Promise<boolean>;
}
