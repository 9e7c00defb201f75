/** Shared by the CLI commands that talk to a running gateway (REELGATE_URL + REELGATE_API_KEY). */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ReelgateClient } from '../client/index.ts';
import type { DownloadedFile } from '../client/types.ts';

export interface GatewayOptions {
  url?: string;
  apiKey?: string;
}

export function gatewayUrl(options: GatewayOptions = {}, env: NodeJS.ProcessEnv = process.env): string {
  if (options.url) return options.url;
  if (env.REELGATE_URL) return env.REELGATE_URL;
  const host = env.HOST && env.HOST !== '0.0.0.0' && env.HOST !== '::' ? env.HOST : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT ?? '8787'}`;
}

export function gatewayClient(
  options: GatewayOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ReelgateClient {
  const apiKey = options.apiKey ?? env.REELGATE_API_KEY;
  if (!apiKey) {
    throw new Error('No API key: set REELGATE_API_KEY (create one with `reelgate keys create`).');
  }
  return new ReelgateClient({ baseUrl: gatewayUrl(options, env), apiKey });
}

/** How often `generate` checks the status (REELGATE_POLL_INTERVAL_MS, default 2000). */
export function pollIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.REELGATE_POLL_INTERVAL_MS);
  return Number.isFinite(value) && value > 0 ? value : 2000;
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
