/** Copies a stored object to a local file (streamed). */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EngineDeps } from '../engine-deps.ts';

export async function downloadTo(deps: EngineDeps, key: string, path: string): Promise<void> {
  const body = await deps.storage.get(key);
  await pipeline(Readable.fromWeb(body as never), createWriteStream(path));
}
