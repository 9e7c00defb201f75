/** The shared storage contract, run against the local-disk store. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LocalDiskStorage } from '../../src/storage/local-disk.ts';
import { describeStorageContract } from './contract.ts';

async function walk(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(root, path)));
    else found.push(relative(root, path));
  }
  return found.sort();
}

describeStorageContract('local disk', async () => {
  const root = await mkdtemp(join(tmpdir(), 'reelgate-disk-contract-'));
  return {
    storage: new LocalDiskStorage(root),
    listKeys: () => walk(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});
