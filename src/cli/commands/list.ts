/** `reelgate list`: the account's generations, newest first. */
import type { Command } from 'commander';
import type { GenerationStatus } from '../../client/types.ts';
import { gatewayClient, type GatewayOptions } from '../gateway-client.ts';
import { pageLimit, printPage, utcTime } from '../print-page.ts';

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
  const page = await gatewayClient(options).list({
    limit: pageLimit(options.limit),
    ...(options.status ? { status: options.status as GenerationStatus } : {}),
    ...(options.after ? { after: options.after } : {}),
  });
  printPage(page, {
    json: options.json,
    empty: 'No generations.',
    header: ['ID', 'STATUS', 'PROGRESS', 'MODEL', 'OUTPUT', 'CREATED (UTC)', 'PROMPT'],
    row: (g) => [
      g.id,
      g.status,
      `${g.progress}%`,
      g.model,
      `${g.resolution} ${g.duration}s`,
      utcTime(g.created_at),
      truncate(g.prompt, 40),
    ],
    next: (lastId) => `reelgate list --after ${lastId}`,
  });
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
