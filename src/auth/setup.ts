/**
 * Start-up wiring of authentication for `reelgate serve`: the SQL store, the keys from the
 * environment, and a local admin key file in the data directory. Whoever can read the data
 * directory could open the database anyway; the file lets `reelgate keys` manage keys through
 * the running gateway (the embedded database must not be opened by two processes at once).
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/db.ts';
import type { AccountStore } from './account.ts';
import { syncEnvApiKeys } from './env-keys.ts';
import { SqlAccountStore } from './sql-account-store.ts';

export const localAdminKeyFileName = 'admin-key';

export interface AuthSetupOptions {
  db: Db;
  clock: Clock;
  env: { REELGATE_API_KEYS?: string | undefined; REELGATE_ADMIN_KEYS?: string | undefined };
  /** When given, a local admin key is kept in `<dataDir>/admin-key` (mode 0600). */
  dataDir?: string | undefined;
}

export interface AuthSetup {
  accounts: AccountStore;
  /** Path of the local admin key file, when one is kept. */
  localAdminKeyFile: string | undefined;
}

/** @example const { accounts } = await setUpAuth({ db, clock: systemClock, env: { REELGATE_API_KEYS: config.auth.apiKeys }, dataDir }); */
export async function setUpAuth(options: AuthSetupOptions): Promise<AuthSetup> {
  const accounts = new SqlAccountStore({ db: options.db, clock: options.clock });
  await syncEnvApiKeys(accounts, options.env);
  if (options.dataDir === undefined) return { accounts, localAdminKeyFile: undefined };
  const file = join(options.dataDir, localAdminKeyFileName);
  const existing = await readLocalAdminKey(options.dataDir);
  if (existing && (await accounts.authenticate(existing))?.isAdmin)
    return { accounts, localAdminKeyFile: file };
  const created = await accounts.createKey({ name: 'local admin', isAdmin: true, source: 'cli' });
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, `${created.key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { accounts, localAdminKeyFile: file };
}

export async function readLocalAdminKey(dataDir: string): Promise<string | undefined> {
  try {
    const key = (await readFile(join(dataDir, localAdminKeyFileName), 'utf8')).trim();
    return key.length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}
