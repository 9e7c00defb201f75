/**
 * `reelgate assets add|list|show|rm`: reusable reference images (characters, objects, styles)
 * of the account, uploaded once and named by id in `reelgate generate --asset` and in
 * storyboard files (`"assets": ["asset_..."]` on a shot).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Asset, AssetKind } from '../../client/types.ts';
import { formatBytes, type GatewayOptions, gatewayClient } from '../gateway-client.ts';
import { pageLimit, printPage, utcTime } from '../print-page.ts';

const kinds: readonly AssetKind[] = ['character', 'object', 'style'];

interface AddOptions extends GatewayOptions {
  kind: string;
  name?: string;
  description?: string;
  json?: boolean;
}

interface ListOptions extends GatewayOptions {
  kind?: string;
  limit: string;
  after?: string;
  json?: boolean;
}

function checkedKind(kind: string | undefined): AssetKind | undefined {
  if (kind === undefined) return undefined;
  if (!kinds.includes(kind as AssetKind)) throw new Error(`--kind must be one of ${kinds.join(', ')}.`);
  return kind as AssetKind;
}

function describe(asset: Asset): string {
  return [
    `${asset.id}  ${asset.kind}  ${asset.name}`,
    `  ${asset.content_type}, ${asset.width}x${asset.height}, ${formatBytes(asset.bytes)}, sha256 ${asset.sha256}`,
    ...(asset.description ? [`  ${asset.description}`] : []),
    `  created ${utcTime(asset.created_at)} UTC`,
  ].join('\n');
}

/** `source` is a file path, an https URL or a data: URL. */
export async function runAssetsAdd(source: string, options: AddOptions): Promise<void> {
  const kind = checkedKind(options.kind) ?? 'character';
  const client = gatewayClient(options);
  const isUrl = /^(https?:|data:)/i.test(source);
  const name = options.name ?? (isUrl ? undefined : basename(source).replace(/\.[^.]+$/, ''));
  if (!name) throw new Error('--name is required when the image is a URL.');
  const asset = await client.assets.create({
    kind,
    name,
    ...(options.description ? { description: options.description } : {}),
    ...(isUrl ? { imageUrl: source } : { file: await readFile(source), fileName: basename(source) }),
  });
  process.stdout.write(options.json ? `${JSON.stringify(asset, null, 2)}\n` : `${describe(asset)}\n`);
}

export async function runAssetsList(options: ListOptions): Promise<void> {
  const limit = pageLimit(options.limit);
  const kind = checkedKind(options.kind);
  const page = await gatewayClient(options).assets.list({
    limit,
    ...(kind ? { kind } : {}),
    ...(options.after ? { after: options.after } : {}),
  });
  printPage(page, {
    json: options.json,
    empty: 'No assets.',
    header: ['ID', 'KIND', 'SIZE', 'CREATED (UTC)', 'NAME'],
    row: (asset) => [
      asset.id,
      asset.kind,
      `${asset.width}x${asset.height}`,
      utcTime(asset.created_at),
      asset.name,
    ],
    next: (lastId) => `reelgate assets list --after ${lastId}`,
  });
}

export async function runAssetsShow(id: string, options: GatewayOptions & { json?: boolean }): Promise<void> {
  const asset = await gatewayClient(options).assets.get(id);
  process.stdout.write(options.json ? `${JSON.stringify(asset, null, 2)}\n` : `${describe(asset)}\n`);
}

export async function runAssetsRemove(ids: string[], options: GatewayOptions): Promise<void> {
  const client = gatewayClient(options);
  for (const id of ids) {
    await client.assets.delete(id);
    process.stdout.write(`Deleted ${id}\n`);
  }
}

function gatewayFlags(command: Command): Command {
  return command
    .option('--url <url>', 'gateway URL (default: REELGATE_URL)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)');
}

export function registerAssetsCommand(program: Command): void {
  const assets = program
    .command('assets')
    .description('Reusable reference images (characters, objects, styles) to name in generations and shots');
  gatewayFlags(
    assets
      .command('add')
      .description('Upload an image (a file, an https URL or a data: URL) as an asset')
      .argument('<image>', 'image file (PNG, JPEG or WebP), https URL or data: URL')
      .option('-k, --kind <kind>', `what it shows: ${kinds.join(', ')}`, 'character')
      .option('--name <name>', 'a short name (default: the file name)')
      .option('--description <text>', 'optional notes')
      .option('--json', 'print JSON'),
  ).action((source: string, options: AddOptions) => runAssetsAdd(source, options));
  gatewayFlags(
    assets
      .command('list')
      .description('List your assets (newest first)')
      .option('-k, --kind <kind>', `only this kind: ${kinds.join(', ')}`)
      .option('-n, --limit <n>', 'how many', '20')
      .option('--after <id>', 'continue after this id')
      .option('--json', 'print JSON'),
  ).action((options: ListOptions) => runAssetsList(options));
  gatewayFlags(
    assets
      .command('show')
      .description('Show one asset')
      .argument('<id>', 'asset id')
      .option('--json', 'print JSON'),
  ).action((id: string, options: GatewayOptions & { json?: boolean }) => runAssetsShow(id, options));
  gatewayFlags(
    assets
      .command('rm')
      .description('Delete assets (videos made with them keep their copy)')
      .argument('<id...>', 'asset ids'),
  ).action((ids: string[], options: GatewayOptions) => runAssetsRemove(ids, options));
}
