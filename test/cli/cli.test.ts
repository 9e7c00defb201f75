/** The CLI as users run it: `node bin/reelgate.js ...` against an in-process gateway (fake engine). */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, fakeMp4, type Harness, listen } from '../http/fakes/harness.ts';

const video = fakeMp4(20_000);
const adminUrl = process.env.REELGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A uniquely named database on the test PostgreSQL, or undefined when none is reachable. */
async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `rg_cli_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
let h: Harness;
let server: { url: string; close: () => Promise<void> };
let dir: string;

beforeAll(async () => {
  h = await createHarness({ autoRun: { stepMs: 150, video } });
  server = await listen(h.app);
  dir = await mkdtemp(join(tmpdir(), 'reelgate-cli-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/reelgate.js', ...args], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        PATH: process.env.PATH ?? '',
        REELGATE_URL: server.url,
        REELGATE_API_KEY: h.keyA,
        REELGATE_POLL_INTERVAL_MS: '10',
        REELGATE_DATA_DIR: join(dir, 'data'),
        ...env,
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

describe('reelgate generate', () => {
  it('creates, shows progress with status and ETA, downloads the video', async () => {
    const output = join(dir, 'fox.mp4');
    const result = await run([
      'generate',
      'a red fox in snow',
      '--resolution',
      '1080p',
      '--duration',
      '8',
      '--model',
      'sora-2',
      '--output',
      output,
    ]);
    expect(result.stderr).toMatch(/Generation gen_\d+ accepted \(emulator:sora-2, 1080p, 8s\) \[emulator\]/);
    expect(result.stderr).toMatch(/running (25|75)% ETA \d+s/);
    expect(result.stderr).toContain(`Saved ${output}`);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(output);
    expect(new Uint8Array(await readFile(output))).toEqual(video);
    const input = h.service.calls.filter((call) => call.method === 'create').at(-1)!.args[1];
    expect(input).toMatchObject({
      prompt: 'a red fox in snow',
      resolution: '1080p',
      durationSeconds: 8,
      model: 'sora-2',
    });
  });

  it("exits non-zero with the error's message when the generation fails", async () => {
    const output = join(dir, 'refused.mp4');
    const result = await run(['generate', 'please refuse this', '--output', output]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(input_refused): The prompt was refused by the content policy.');
    await expect(stat(output)).rejects.toThrow();
  });

  it("exits non-zero on bad input and on a wrong key, with the gateway's message", async () => {
    const invalid = await run(['generate', 'x', '--duration', '601']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("'duration'");
    const badResolution = await run(['generate', 'x', '--resolution', '4k']);
    expect(badResolution.code).toBe(1);
    expect(badResolution.stderr).toContain('--resolution');
    const unauthorized = await run(['generate', 'x'], { REELGATE_API_KEY: 'rg_wrong' });
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toContain('Incorrect API key');
  });
});

describe('reelgate list / status / download', () => {
  it("lists, shows and downloads generations of the key's account", async () => {
    const created = await run(['generate', 'a lighthouse', '--no-download']);
    expect(created.code).toBe(0);
    const id = /Generation (gen_\d+)/.exec(created.stderr)![1]!;
    expect(created.stdout).toContain(`/files/${id}/video?sig=`);

    const list = await run(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(/ID\s+STATUS/);

    const status = await run(['status', id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/status\s+completed/);
    const json = JSON.parse((await run(['status', id, '--json'])).stdout) as {
      id: string;
      video: { bytes: number };
    };
    expect(json).toMatchObject({ id, video: { bytes: video.length } });

    const output = join(dir, 'downloaded.mp4');
    const download = await run(['download', id, '--output', output]);
    expect(download.code).toBe(0);
    expect(new Uint8Array(await readFile(output))).toEqual(video);

    const otherAccount = await run(['status', id], { REELGATE_API_KEY: h.keyB });
    expect(otherAccount.code).toBe(1);
    expect(otherAccount.stderr).toContain('No generation found');
  });
});

describe('reelgate keys', () => {
  it('manages keys through a running gateway with an admin key', async () => {
    const env = { REELGATE_ADMIN_KEY: h.adminKey };
    const created = await run(['keys', 'create', '--name', 'from cli'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^rg_/);
    expect(created.stderr).toContain('only time the key is shown');
    expect((await h.accounts.authenticate(key))?.name).toBe('from cli');

    const list = await run(['keys', 'list'], env);
    expect(list.stdout).toContain(key.slice(0, 10));
    expect(list.stdout).not.toContain(key);

    const revoked = await run(['keys', 'revoke', key.slice(0, 10)], env);
    expect(revoked.code).toBe(0);
    expect(await h.accounts.authenticate(key)).toBeUndefined();
    const again = await run(['keys', 'revoke', key.slice(0, 10)], env);
    expect(again.code).toBe(1);

    const notAdmin = await run(['keys', 'list', '--remote'], { REELGATE_ADMIN_KEY: h.keyA });
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('admin');
  });

  it('manages keys directly on the database when no gateway runs', async () => {
    // A real PostgreSQL keeps this fast (each CLI process would otherwise boot the embedded
    // database); the store's SQL is the same on PGlite (test/auth covers both).
    const database = await createTestDatabase();
    const env: Record<string, string> = {
      REELGATE_URL: 'http://127.0.0.1:9',
      REELGATE_DATA_DIR: join(dir, 'local-data'),
    };
    if (database) env.DATABASE_URL = database.url;
    try {
      const created = await run(['keys', 'create', '--name', 'local', '--json'], env);
      expect(created.code, created.stderr).toBe(0);
      const row = JSON.parse(created.stdout) as { id: string; key: string };
      const list = await run(['keys', 'list', '--json'], env);
      expect((JSON.parse(list.stdout) as { id: string }[]).map((entry) => entry.id)).toContain(row.id);
      expect(list.stdout).not.toContain(row.key);
      expect((await run(['keys', 'revoke', row.id], env)).code).toBe(0);
      const after = JSON.parse((await run(['keys', 'list', '--json'], env)).stdout) as { id: string }[];
      expect(after.map((entry) => entry.id)).not.toContain(row.id);
    } finally {
      await database?.drop();
    }
  });
});
