/**
 * Local auto-login for the studio on a default single-machine install: one ordinary (non-admin)
 * key for a "local" account, kept in `<dataDir>/local-key` (mode 0600) so it survives restarts.
 * It is handed out only to loopback requests (see src/http/routes/session.ts), and only when no
 * keys are configured and the gateway listens on a loopback interface.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { AccountStore } from './account.ts';

export const localSessionKeyFileName = 'local-key';

/** True for hosts that are only reachable from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare === '::1') return true;
  return bare.startsWith('::ffff:127.');
}

/** Returns the local user's key, creating it (and its account) on first use. */
export async function ensureLocalSessionKey(accounts: AccountStore, dataDir: string): Promise<string> {
  const file = join(dataDir, localSessionKeyFileName);
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (existing && (await accounts.authenticate(existing))) return existing;
  const created = await accounts.createKey({ name: 'local studio', isAdmin: false, source: 'cli' });
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${created.key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return created.key;
}
