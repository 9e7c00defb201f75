/**
 * The package as users get it: `npm pack` (its prepack builds dist/ and the studio), installed
 * into a fresh project, then `import { createGateway } from 'reelgate'` and
 * `import { ReelgateClient } from 'reelgate/client'` on Node 22 (from the `node@22` npm package),
 * and the `reelgate` command from dist/. Needs the npm registry; skipped, saying so, without it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function registryReachable(): boolean {
  const result = spawnSync(npm, ['view', 'node@22', 'version', '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return result.status === 0;
}

const online = registryReachable();
if (!online) console.warn('tarball test skipped: the npm registry is unreachable (npm view node@22 failed)');

let work: string | undefined;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.skipIf(!online)('installable package', () => {
  it('installs from the tarball and works on Node 22', { timeout: 900_000 }, async () => {
    work = await mkdtemp(join(tmpdir(), 'reelgate-pack-'));
    execFileSync(npm, ['pack', '--pack-destination', work], { cwd: root, stdio: 'ignore' });
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const listing = execFileSync('tar', ['-tzf', join(work, tarball!)], { encoding: 'utf8' }).split('\n');
    for (const file of [
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/client/index.d.ts',
      'package/dist/db/migrations/0001_generations.sql',
      'package/web/dist/index.html',
      'package/bin/reelgate.js',
    ])
      expect(listing).toContain(file);
    expect(listing.some((file) => file.startsWith('package/src/'))).toBe(false);

    const project = join(work, 'project');
    await rm(project, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', project]);
    await writeFile(join(project, 'package.json'), '{"name":"probe","private":true,"type":"module"}\n');
    execFileSync(
      npm,
      ['install', join(work, tarball!), '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'],
      { cwd: project, stdio: 'ignore' },
    );
    expect(existsSync(join(project, 'node_modules', 'reelgate', 'node_modules', 'vite'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'vite'))).toBe(false);

    await writeFile(
      join(project, 'probe.mjs'),
      [
        "import { createGateway, loadConfig } from 'reelgate';",
        "import { ReelgateClient } from 'reelgate/client';",
        "const env = { REELGATE_DATA_DIR: './data', REELGATE_API_KEYS: 'sk-probe', PORT: '0', REELGATE_LOG_LEVEL: 'silent' };",
        'const gateway = await createGateway(loadConfig(env));',
        "const health = await gateway.http.request('/healthz');",
        "const list = await gateway.http.request('/v1/videos', { headers: { authorization: 'Bearer sk-probe' } });",
        "const client = new ReelgateClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-probe' });",
        'console.log(JSON.stringify({ health: health.status, list: list.status, client: typeof client.create, node: process.version }));',
        'await gateway.close();',
      ].join('\n'),
    );
    const node22 = (args: string[]) =>
      execFileSync(npm, ['exec', '--yes', '--package=node@22', '--', 'node', ...args], {
        cwd: project,
        encoding: 'utf8',
        timeout: 300_000,
      });
    const probe = JSON.parse(node22(['probe.mjs']).trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(probe).toMatchObject({ health: 200, list: 200, client: 'function' });
    expect(String(probe.node)).toMatch(/^v22\./);
    expect(node22([join('node_modules', 'reelgate', 'bin', 'reelgate.js'), '--help'])).toContain(
      'Usage: reelgate',
    );
  });
});
