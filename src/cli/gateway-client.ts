/** Shared by the CLI commands that talk to a running gateway (REELGATE_URL + REELGATE_API_KEY). */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ReelgateClient } from '../client/index.ts';
import type { DownloadedFile } from '../client/types.ts';
import type { ReelgateConfig } from '../config/load-config.ts';
import { cliConfig } from './cli-config.ts';

export interface GatewayOptions {
  url?: string;
  apiKey?: string;
}

export function gatewayUrl(options: GatewayOptions = {}, config: ReelgateConfig = cliConfig()): string {
  if (options.url) return options.url;
  if (config.cli.url) return config.cli.url;
  const configured = config.server.host;
  const host = configured !== '0.0.0.0' && configured !== '::' ? configured : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.server.port}`;
}

export function gatewayClient(
  options: GatewayOptions = {},
  config: ReelgateConfig = cliConfig(),
): ReelgateClient {
  const apiKey = options.apiKey ?? config.cli.apiKey;
  if (!apiKey) {
    throw new Error('No API key: set REELGATE_API_KEY (create one with `reelgate keys create`).');
  }
  return new ReelgateClient({ baseUrl: gatewayUrl(options, config), apiKey });
}

/** How often `generate` checks the status (REELGATE_POLL_INTERVAL_MS, default 2000). */
export function pollIntervalMs(config: ReelgateConfig = cliConfig()): number {
  const value = config.cli.pollIntervalMs;
  return value !== undefined && value > 0 ? value : 2000;
}

/** Writes a download to `path` via a temporary file, so a failed download never leaves a partial file. */
export async function saveDownload(file: DownloadedFile, path: string): Promise<number> {
  const temporary = `${path}.part-${process.pid}`;
  let written = 0;
  const source = Readable.fromWeb(file.body as unknown as NodeReadableStream<Uint8Array>);
  source.on('data', (chunk: Buffer) => {
    written += chunk.length;
  });
  try {
    await pipeline(source, createWriteStream(temporary));
    if (file.bytes !== null && written !== file.bytes) {
      throw new Error(`Download truncated: got ${written} of ${file.bytes} bytes.`);
    }
    await rename(temporary, path);
    return written;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  return minutes > 0 ? `${minutes}m ${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}
