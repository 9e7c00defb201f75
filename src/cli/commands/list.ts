/** `reelgate list`: the account's generations, newest first. */
import type { Command } from 'commander';
import type { GenerationStatus } from '../../client/types.ts';
import { gatewayClient, type GatewayOptions } from '../gateway-client.ts';

interface ListOptions extends GatewayOptions {
  limit: string;
  status?: string;
  after?: string;
  json?: boolean;
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export async function runList(options: ListOptions): Promise<void> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new Error('--limit must be an integer from 1 to 100.');
  const page = await gatewayClient(options).list({
    limit,
    ...(options.status ? { status: options.status as GenerationStatus } : {}),
    ...(options.after ? { after: options.after } : {}),
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return;
  }
  if (page.data.length === 0) {
    process.stdout.write('No generations.\n');
    return;
  }
  const rows = page.data.map((g) => [
    g.id,
    g.status,
    `${g.progress}%`,
    g.model,
    `${g.resolution} ${g.duration}s`,
    new Date(g.created_at * 1000).toISOString().replace('T', ' ').slice(0, 19),
    truncate(g.prompt, 40),
  ]);
  const header = ['ID', 'STATUS', 'PROGRESS', 'MODEL', 'OUTPUT', 'CREATED (UTC)', 'PROMPT'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  if (page.hasMore) process.stdout.write(`… more: reelgate list --after ${page.lastId}\n`);
}

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('List your generations (newest first)')
    .option('-n, --limit <n>', 'how many', '20')
    .option('-s, --status <status>', 'only this status (queued, running, completed, failed...)')
    .option('--after <id>', 'continue after this id')
    .option('--json', 'print JSON')
    .option('--url <url>', 'gateway URL (default: REELGATE_URL)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)')
    .action((options: ListOptions) => runList(options));
}
