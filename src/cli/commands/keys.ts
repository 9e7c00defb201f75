/**
 * `reelgate keys create|list|revoke`. Two ways to reach the keys:
 * - through a running gateway's admin API (`/v1/admin/keys`) when one answers at REELGATE_URL
 *   (or 127.0.0.1:PORT), using REELGATE_ADMIN_KEY, the gateway's local admin key file
 *   (`<REELGATE_DATA_DIR>/admin-key`) or REELGATE_API_KEY when it is an admin key;
 * - directly on the database (DATABASE_URL, or the embedded one in REELGATE_DATA_DIR) when no
 *   gateway is running: the embedded database must never be opened by two processes at once.
 * `--remote` / `--local` force one or the other.
 */
import type { Command } from 'commander';
import type { ApiKeyInfo } from '../../auth/account.ts';
import { readLocalAdminKey } from '../../auth/setup.ts';
import { SqlAccountStore } from '../../auth/sql-account-store.ts';
import { systemClock } from '../../shared/system-clock.ts';
import { cliConfig } from '../cli-config.ts';
import { gatewayUrl } from '../gateway-client.ts';

interface ModeOptions {
  remote?: boolean;
  local?: boolean;
  url?: string;
  json?: boolean;
}

interface KeyRow {
  id: string;
  account_id: string;
  name: string | null;
  prefix: string;
  source: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  key?: string;
}

/** What the command does, whichever way it reaches the keys. */
interface KeysBackend {
  create(input: { name?: string; admin?: boolean; account?: string }): Promise<KeyRow & { key: string }>;
  list(includeRevoked: boolean): Promise<KeyRow[]>;
  revoke(id: string): Promise<boolean>;
  close(): Promise<void>;
}

const dataDir = () => cliConfig().database.dataDir;

function toRow(info: ApiKeyInfo): KeyRow {
  const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
  return {
    id: info.id,
    account_id: info.accountId,
    name: info.name,
    prefix: info.prefix,
    source: info.source,
    created_at: seconds(info.createdAt)!,
    last_used_at: seconds(info.lastUsedAt),
    revoked_at: seconds(info.revokedAt),
  };
}

async function localBackend(): Promise<KeysBackend> {
  const { openDatabase } = await import('../../db/open.ts');
  const db = await openDatabase({ databaseUrl: cliConfig().database.url, dataDir: dataDir() });
  const store = new SqlAccountStore({ db, clock: systemClock });
  return {
    async create(input) {
      const created = await store.createKey({
        name: input.name,
        isAdmin: input.admin,
        accountId: input.account,
        source: 'cli',
      });
      return { ...toRow(created.info), key: created.key };
    },
    list: async (includeRevoked) => (await store.listKeys({ includeRevoked })).map(toRow),
    revoke: (id) => store.revokeKey(id),
    close: () => db.close(),
  };
}

async function remoteBackend(baseUrl: string): Promise<KeysBackend> {
  const adminKey = cliConfig().cli.adminKey ?? (await readLocalAdminKey(dataDir())) ?? cliConfig().cli.apiKey;
  if (!adminKey) {
    throw new Error(
      `A gateway runs at ${baseUrl}: set REELGATE_ADMIN_KEY (or REELGATE_DATA_DIR to its data directory) to manage keys through it.`,
    );
  }
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const parsed = (await response.json()) as T & { error?: { message: string } };
    if (!response.ok && response.status !== 404) {
      throw new Error(parsed.error?.message ?? `The gateway answered ${response.status}.`);
    }
    return { status: response.status, body: parsed };
  };
  return {
    async create(input) {
      const result = await call<KeyRow & { key: string }>('POST', '/v1/admin/keys', {
        ...(input.name ? { name: input.name } : {}),
        ...(input.admin ? { admin: true } : {}),
        ...(input.account ? { account_id: input.account } : {}),
      });
      if (result.status === 404) throw new Error('No such account.');
      return result.body;
    },
    async list(includeRevoked) {
      return (await call<{ data: KeyRow[] }>('GET', `/v1/admin/keys?include_revoked=${includeRevoked}`)).body
        .data;
    },
    async revoke(id) {
      return (await call('DELETE', `/v1/admin/keys/${encodeURIComponent(id)}`)).status === 200;
    },
    close: async () => {},
  };
}

async function gatewayAnswers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1500) });
    return response.ok;
  } catch {
    return false;
  }
}

async function withBackend<T>(options: ModeOptions, work: (backend: KeysBackend) => Promise<T>): Promise<T> {
  const baseUrl = gatewayUrl(options.url ? { url: options.url } : {});
  const remote = options.remote || (!options.local && (await gatewayAnswers(baseUrl)));
  const backend = remote ? await remoteBackend(baseUrl) : await localBackend();
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

function printKeys(rows: KeyRow[]): void {
  if (rows.length === 0) {
    process.stdout.write('No API keys.\n');
    return;
  }
  const table = rows.map((row) => [
    row.id,
    `${row.prefix}…`,
    row.account_id,
    row.name ?? '',
    row.source,
    new Date(row.created_at * 1000).toISOString().slice(0, 10),
    row.revoked_at === null ? 'active' : 'revoked',
  ]);
  const header = ['ID', 'PREFIX', 'ACCOUNT', 'NAME', 'SOURCE', 'CREATED', 'STATE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((row) => row[column]!.length)),
  );
  for (const row of [header, ...table]) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

function addModeOptions(command: Command): Command {
  return command
    .option('--remote', "use the running gateway's admin API")
    .option('--local', 'use the database directly (only when no gateway uses the embedded database)')
    .option('--url <url>', 'gateway URL (default: REELGATE_URL or http://127.0.0.1:8787)')
    .option('--json', 'print JSON');
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (stored hashed; a key is shown once)');

  addModeOptions(
    keys
      .command('create')
      .description('Create an API key (a new account unless --account is given)')
      .option('--name <name>', 'a label for the key')
      .option('--admin', 'make the new account an admin account')
      .option('--account <id>', 'add the key to this existing account'),
  ).action(async (options: ModeOptions & { name?: string; admin?: boolean; account?: string }) => {
    const created = await withBackend(options, (backend) =>
      backend.create({
        ...(options.name ? { name: options.name } : {}),
        ...(options.admin ? { admin: true } : {}),
        ...(options.account ? { account: options.account } : {}),
      }),
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${created.key}\n`);
    process.stderr.write(
      `Created ${created.id} for account ${created.account_id}. This is the only time the key is shown: store it now.\n`,
    );
  });

  addModeOptions(
    keys
      .command('list')
      .description('List API keys (never the keys themselves)')
      .option('--all', 'include revoked keys'),
  ).action(async (options: ModeOptions & { all?: boolean }) => {
    const rows = await withBackend(options, (backend) => backend.list(options.all ?? false));
    if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else printKeys(rows);
  });

  addModeOptions(
    keys
      .command('revoke')
      .description('Revoke an API key by id or prefix')
      .argument('<id>', 'key id (key_…) or prefix (rg_…)'),
  ).action(async (id: string, options: ModeOptions) => {
    const revoked = await withBackend(options, (backend) => backend.revoke(id));
    if (!revoked) throw new Error(`No active API key '${id}'.`);
    process.stdout.write(`Revoked ${id}.\n`);
  });
}
