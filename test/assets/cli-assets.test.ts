/** `reelgate assets add|list|show|rm` as users run it (`node bin/reelgate.js`) against a gateway. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixture } from '../emulator/helpers.ts';
import { listen } from '../http/fakes/harness.ts';
import { API_KEY, type AssetsWorld, createAssetsWorld } from './world.ts';

let world: AssetsWorld;
let server: { url: string; close: () => Promise<void> };
let dir: string;

beforeAll(async () => {
  world = await createAssetsWorld();
  server = await listen(world.app as never);
  dir = await mkdtemp(join(tmpdir(), 'reelgate-cli-assets-'));
});
afterAll(async () => {
  await server?.close();
  await world?.close();
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/reelgate.js', ...args], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        PATH: process.env.PATH ?? '',
        REELGATE_URL: server.url,
        REELGATE_API_KEY: API_KEY,
        REELGATE_DATA_DIR: join(dir, 'data'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('reelgate assets', () => {
  it('adds a file and a data: URL, lists, shows and removes them', async () => {
    const file = join(dir, 'mira.png');
    await writeFile(file, imageFixture(320, 180, 'png'));
    const added = await run(['assets', 'add', file, '--kind', 'character', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const mira = JSON.parse(added.stdout) as { id: string; name: string; kind: string };
    expect(mira).toMatchObject({ name: 'mira', kind: 'character' });

    const dataUrl = `data:image/png;base64,${imageFixture(180, 320, 'png').toString('base64')}`;
    const style = await run(['assets', 'add', dataUrl, '-k', 'style', '--name', 'Ink wash']);
    expect(style.code, style.stderr).toBe(0);
    expect(style.stdout).toMatch(/^asset_\w+ {2}style {2}Ink wash\n/);

    const list = await run(['assets', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+KIND\s+SIZE\s+CREATED \(UTC\)\s+NAME$/);
    expect(list.stdout).toContain('Ink wash');
    expect(list.stdout).toContain(mira.id);
    const characters = await run(['assets', 'list', '--kind', 'character', '--json']);
    expect((JSON.parse(characters.stdout) as { data: Array<{ id: string }> }).data.map((a) => a.id)).toEqual([
      mira.id,
    ]);

    const show = await run(['assets', 'show', mira.id]);
    expect(show.stdout).toContain('image/png, 320x180');

    const removed = await run(['assets', 'rm', mira.id]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`Deleted ${mira.id}\n`);
    const gone = await run(['assets', 'show', mira.id]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/not found|No asset/i);
  });

  it('refuses a file that is not an image, naming what to send', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'just text');
    const result = await run(['assets', 'add', file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PNG, JPEG or WebP');
  });
});
