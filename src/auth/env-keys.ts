/**
 * Keys given in the environment: REELGATE_API_KEYS (comma-separated, each key its own account)
 * and REELGATE_ADMIN_KEYS (same, but admin accounts).
 */
import type { Account, AccountStore } from './account.ts';

export function parseKeyList(value: string | undefined): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    ),
  ];
}

/** Registers every configured key (idempotent; safe on every start and from several processes). */
export async function syncEnvApiKeys(
  store: AccountStore,
  env: { REELGATE_API_KEYS?: string | undefined; REELGATE_ADMIN_KEYS?: string | undefined },
): Promise<Account[]> {
  const accounts: Account[] = [];
  const apiKeys = parseKeyList(env.REELGATE_API_KEYS);
  const adminKeys = parseKeyList(env.REELGATE_ADMIN_KEYS);
  for (const [index, key] of apiKeys.entries()) {
    accounts.push(await store.ensureKey(key, { isAdmin: false, name: `env key ${index + 1}` }));
  }
  for (const [index, key] of adminKeys.entries()) {
    accounts.push(await store.ensureKey(key, { isAdmin: true, name: `env admin key ${index + 1}` }));
  }
  return accounts;
}
