/** `reelgate status <id>`: one generation's state, progress, ETA, error and links. */
import type { Command } from 'commander';
import { formatDuration, gatewayClient, type GatewayOptions } from '../gateway-client.ts';

interface StatusOptions extends GatewayOptions {
  json?: boolean;
}

export async function runStatus(id: string, options: StatusOptions): Promise<void> {
  const generation = await gatewayClient(options).get(id);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(generation, null, 2)}\n`);
    return;
  }
  const lines: [string, string][] = [
    ['id', generation.id],
    [
      'status',
      `${generation.status} (${generation.state})${generation.queue_position !== null && generation.status === 'queued' ? `, queue position ${generation.queue_position}` : ''}`,
    ],
    ['progress', `${generation.progress}%`],
    ['model', `${generation.model}${generation.emulated ? ' [emulator]' : ''}`],
    ['output', `${generation.resolution} ${generation.size} ${generation.duration}s`],
    ['prompt', generation.prompt],
    ['created', new Date(generation.created_at * 1000).toISOString()],
  ];
  if (generation.eta !== null) lines.push(['eta', formatDuration(generation.eta - Date.now() / 1000)]);
  if (generation.cost !== null) lines.push(['cost', `$${generation.cost.toFixed(2)}`]);
  for (const warning of generation.warnings) lines.push(['warning', warning]);
  if (generation.error) {
    lines.push(['error', `${generation.error.code}: ${generation.error.message}`]);
    if (generation.error.hint) lines.push(['hint', generation.error.hint]);
  }
  if (generation.video) lines.push(['url', generation.video.url]);
  const width = Math.max(...lines.map(([label]) => label.length));
  for (const [label, value] of lines) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Show one generation')
    .argument('<id>', 'generation id')
    .option('--json', 'print JSON')
    .option('--url <url>', 'gateway URL (default: REELGATE_URL)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)')
    .action((id: string, options: StatusOptions) => runStatus(id, options));
}
