/**
 * Code written for Sora, and a person reading an error, over the real engine (embedded PGlite,
 * local disk, the in-process emulator at high speed): retired names routed by resolution, one
 * default orientation, the names a Sora client expects, `moderation_blocked` with its hint,
 * reference images checked at create, refusals as failed jobs on the compatible surfaces, the
 * CLI's hint, messages that say what is wrong, null refused, `limit=0`, old Node.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsupportedNodeMessage } from '../../bin/node-check.js';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { setUpAuth } from '../../src/auth/setup.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { systemClock } from '../../src/shared/system-clock.ts';
import { listen, pngOfSize } from './fakes/harness.ts';

const key = 'sk-sora-compat-account';
const refusedPrompt = 'Taylor Swift on a stage';
const repoRoot = join(import.meta.dirname, '..', '..');
let dir: string;
let reelgate: Reelgate;
let server: { url: string; close: () => Promise<void> };
let openai: OpenAI;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelgate-sora-compat-'));
  const config = loadConfig({ REELGATE_DATA_DIR: dir, REELGATE_EMULATOR_SPEED: '200' });
  reelgate = await createReelgate(config, { logger: pino({ level: 'silent' }) });
  const { accounts } = await setUpAuth({
    db: reelgate.db,
    clock: systemClock,
    env: { REELGATE_API_KEYS: key },
  });
  const app = createHttpApp({
    service: reelgate.service,
    planning: reelgate.service.planning,
    accounts,
    config: { signingSecret: 'sora-compat-test-secret-0123456789', emulated: reelgate.emulated },
  });
  server = await listen(app);
  openai = new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await reelgate?.close();
  await rm(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, pinned by the assertions.
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

async function generationCount(): Promise<number> {
  const { rows } = await reelgate.db.query<{ n: number | string }>('SELECT count(*) AS n FROM generations');
  return Number(rows[0]?.n ?? 0);
}

describe('the simple generation contract, as its clients use it', () => {
  it('routes a retired Sora name to a model that makes the asked resolution (1080p -> the pro model)', async () => {
    const { status, json } = await call('POST', '/v1/videos/generations', {
      model: 'sora-1.0',
      prompt: 'a red fox in fresh snow, slow dolly in',
      resolution: '1080p',
      duration: 8,
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({ model: 'sora-1.0', routed_model: 'openai:sora-2-pro', resolution: '1080p' });
    expect(json.warnings.join(' ')).toContain('sora-1.0 is retired; routed to openai:sora-2-pro');
  });

  it('says so when a retired name is served above the asked resolution (480p -> 720p)', async () => {
    const { json } = await call('POST', '/v1/videos/generations', {
      model: 'sora-1.0',
      prompt: 'a paper boat on a rainy street',
      resolution: '480p',
    });
    expect(json.resolution).toBe('720p');
    expect(json.warnings.join(' ')).toMatch(/480p is not offered by sora-2; using 720p/);
  });

  it('makes landscape by default: no resolution and 720p give the same 1280x720, and the estimate agrees', async () => {
    const plain = await call('POST', '/v1/videos/generations', { prompt: 'a lighthouse at dusk' });
    const p720 = await call('POST', '/v1/videos/generations', {
      prompt: 'a lighthouse at dusk',
      resolution: '720p',
    });
    expect(plain.json.size).toBe('1280x720');
    expect(p720.json.size).toBe('1280x720');
    const estimate = await call('POST', '/v1/estimates', { prompt: 'a lighthouse at dusk' });
    expect(estimate.status).toBe(200);
    expect(estimate.json.size).toBe('1280x720');
  });

  it('reports a refused prompt as a generation that ends failed, with error.type and the hint', async () => {
    const created = await call('POST', '/v1/videos/generations', { prompt: refusedPrompt, duration: 8 });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      status: 'failed',
      error: { type: 'content_policy_violation', code: 'input_refused' },
    });
    expect(created.json.error.hint).toEqual(expect.any(String));
    const polled = await call('GET', `/v1/videos/generations/${created.json.id}`);
    expect(polled.json).toMatchObject({ id: created.json.id, status: 'failed', error: created.json.error });
    // Never submitted: no provider job, nothing paid.
    const { rows } = await reelgate.db.query<{ operation: unknown; cost_usd: number | null }>(
      'SELECT operation, cost_usd FROM generations WHERE id = $1',
      [created.json.id],
    );
    expect(rows[0]?.operation).toBeNull();
  });

  it('refuses null like any wrong type, naming the field', async () => {
    for (const field of ['duration', 'model', 'resolution']) {
      const before = await generationCount();
      const { status, json } = await call('POST', '/v1/videos/generations', { prompt: 'x', [field]: null });
      expect(status).toBe(400);
      expect(json.error).toMatchObject({ param: field, code: 'invalid_request' });
      expect(json.error.message).toContain('got null');
      expect(await generationCount()).toBe(before);
    }
  });

  it('says what is wrong with a number: 0 is not "at least 0", 1e400 is not "a decimal"', async () => {
    const zero = await call('POST', '/v1/videos/generations', { prompt: 'x', duration: 0 });
    expect(zero.json.error.message).toBe("Invalid 'duration': expected a value greater than 0.");
    const huge = await call('POST', '/v1/videos/generations', '{"prompt":"x","duration":1e400}');
    expect(huge.status).toBe(400);
    expect(huge.json.error.message).toContain('too large');
    expect(huge.json.error.message).not.toContain('decimal');
  });

  it('lists only the models this server can run for an unknown model', async () => {
    const { status, json } = await call('POST', '/v1/videos/generations', { prompt: 'x', model: 'sora-9' });
    expect(status).toBe(400);
    expect(json.error.param).toBe('model');
    // The emulator stands in for OpenAI only: no fal, Google, Replicate, xAI or Alibaba models.
    expect(json.error.message).toContain('sora-2');
    expect(json.error.message).not.toMatch(/veo|kling|fal-ai|grok|wan/i);
  });
});

describe('the OpenAI-compatible surface, with the official SDK', () => {
  it('answers in the names a Sora client sent or expects', async () => {
    const plain = await openai.videos.create({ prompt: 'a kite over the sea' });
    expect(plain.model).toBe('sora-2');
    const named = await openai.videos.create({ prompt: 'a kite over the sea', model: 'sora-2' });
    expect(named.model).toBe('sora-2');
    expect((await openai.videos.retrieve(plain.id)).model).toBe('sora-2');
  });

  it('reports a refusal in-band as moderation_blocked with the hint', async () => {
    const video = await openai.videos.create({ prompt: refusedPrompt });
    expect(video.status).toBe('failed');
    expect(video.error).toMatchObject({ code: 'moderation_blocked', hint: expect.any(String) });
    const again = await openai.videos.retrieve(video.id);
    expect(again.error?.code).toBe('moderation_blocked');
  });

  it('checks the reference image at create: size mismatch and truncated data URLs are 400 with param', async () => {
    const before = await generationCount();
    const small = openai.videos.create({
      prompt: 'the frame comes to life',
      size: '1280x720',
      input_reference: await toFile(pngOfSize(64, 64), 'frame.png'),
    });
    await expect(small).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(small).rejects.toMatchObject({ status: 400, param: 'input_reference' });
    await small.catch((error: InstanceType<typeof OpenAI.BadRequestError>) => {
      expect(error.message).toContain('64x64');
      expect(error.message).toContain('1280x720');
    });
    const whole = Buffer.from(pngOfSize(1280, 720)).toString('base64');
    const truncated = await call('POST', '/v1/videos', {
      prompt: 'x',
      size: '1280x720',
      input_reference: {
        image_url: `data:image/png;base64,${whole.slice(0, Math.floor(whole.length / 8) * 4)}`,
      },
    });
    expect(truncated.status).toBe(400);
    expect(truncated.json.error.param).toBe('input_reference.image_url');
    expect(await generationCount()).toBe(before);
    // The right size is accepted.
    const fits = await openai.videos.create({
      prompt: 'the frame comes to life',
      size: '1280x720',
      input_reference: await toFile(pngOfSize(1280, 720), 'frame.png'),
    });
    expect(fits.status).not.toBe('failed');
  });

  it('refuses limit=0 instead of an empty page that claims more', async () => {
    const page = openai.videos.list({ limit: 0 });
    await expect(page).rejects.toMatchObject({ status: 400, param: 'limit' });
    const one = await openai.videos.list({ limit: 1 });
    expect(one.data).toHaveLength(1);
  });

  it('keeps error messages short and names the parameter at fault in paths', async () => {
    const long = 'x'.repeat(5000);
    const content = await fetch(`${server.url}/v1/videos/${long}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(404);
    const text = await content.text();
    expect(text.length).toBeLessThan(400);
    const unknownRoute = await fetch(`${server.url}/v1/${long}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(unknownRoute.status).toBe(404);
    expect((await unknownRoute.text()).length).toBeLessThan(600);
    const variant = await fetch(`${server.url}/files/abc/..%2f..`);
    expect(variant.status).toBe(400);
    expect(((await variant.json()) as { error: { param: string } }).error.param).toBe('variant');
  });
});

describe('the CLI and the start script', () => {
  function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', REELGATE_URL: server.url, REELGATE_API_KEY: key },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('`reelgate generate` prints the hint of a refused prompt', async () => {
    const result = await run(process.execPath, [
      'bin/reelgate.js',
      'generate',
      refusedPrompt,
      '--no-download',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Prompt refused');
    expect(result.stderr).toMatch(/\nhint: Describe a fictional person/);
  }, 30_000);

  it('names the Node version needed and the commands that work on an older Node', async () => {
    expect(unsupportedNodeMessage('v24.21.0')).toBeUndefined();
    expect(unsupportedNodeMessage('v22.18.0')).toBeUndefined();
    const message = unsupportedNodeMessage('v20.20.2') ?? '';
    expect(message).toContain('22.18');
    expect(message).toContain('npm start');
    expect(message).toContain('npx reelgate');
    // This machine's system Node, when it is an old one, gets that line instead of a stack trace.
    const systemNode = '/usr/bin/node';
    if (!existsSync(systemNode)) return;
    const version = await new Promise<string>((resolve) => {
      const child = spawn(systemNode, ['--version']);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on('close', () => resolve(out.trim()));
    });
    if (unsupportedNodeMessage(version) === undefined) return;
    const result = await run(systemNode, ['bin/reelgate.js', 'serve']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`this is ${version}`);
    expect(result.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });
});
