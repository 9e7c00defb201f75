/** `reelgate download <id>`: saves a finished video (or its thumbnail) to a file. */
import type { Command } from 'commander';
import type { VideoVariant } from '../../client/types.ts';
import { formatBytes, gatewayClient, type GatewayOptions, saveDownload } from '../gateway-client.ts';

interface DownloadOptions extends GatewayOptions {
  output?: string;
  variant: string;
}

const extensions: Record<string, string> = { video: 'mp4', thumbnail: 'webp', spritesheet: 'jpg' };

export async function runDownload(id: string, options: DownloadOptions): Promise<void> {
  if (!(options.variant in extensions)) throw new Error('--variant must be video, thumbnail or spritesheet.');
  const file = await gatewayClient(options).download(id, { variant: options.variant as VideoVariant });
  const output = options.output ?? `${id}.${extensions[options.variant]}`;
  const bytes = await saveDownload(file, output);
  process.stderr.write(`Saved ${output} (${formatBytes(bytes)})\n`);
  process.stdout.write(`${output}\n`);
}

export function registerDownloadCommand(program: Command): void {
  program
    .command('download')
    .description('Download a finished video')
    .argument('<id>', 'generation id')
    .option('-o, --output <file>', 'where to save it (default: <id>.mp4)')
    .option('--variant <variant>', 'video, thumbnail or spritesheet', 'video')
    .option('--url <url>', 'gateway URL (default: REELGATE_URL)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)')
    .action((id: string, options: DownloadOptions) => runDownload(id, options));
}
