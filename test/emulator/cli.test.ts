/** `reelgate emulator` end to end: env vars and flags reach the server; SIGTERM stops it cleanly. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

it('starts from REELGATE_EMULATOR_* settings, serves /v1 and stats, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [join(root, 'bin/reelgate.js'), 'emulator', '--api-key', 'cli-key'], {
    env: {
      ...process.env,
      REELGATE_EMULATOR_PORT: '0',
      REELGATE_EMULATOR_SPEED: '1000',
      REELGATE_EMULATOR_SEED: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    expect((await fetch(`${url}/_emulator/health`)).status).toBe(200);
    expect((await fetch(`${url}/v1/videos`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    const listed = await fetch(`${url}/v1/videos`, { headers: { authorization: 'Bearer cli-key' } });
    expect(await listed.json()).toMatchObject({ object: 'list', data: [] });
    const stats = (await (await fetch(`${url}/_emulator/stats`)).json()) as { requests: { total: number } };
    expect(stats.requests.total).toBe(2);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});
