/**
 * `reelgate generate` with request options, as users run it (`node bin/reelgate.js`), against
 * the real engine and the emulator faces: the options reach the provider's wire request. (The
 * model list and the refusal of unknown provider options are the API's, tested in
 * fallback.test.ts and request-options.test.ts; one CLI run keeps this file quick.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProviderOptions } from '../../src/cli/commands/generate.ts';
import { listen } from '../http/fakes/harness.ts';
import { API_KEY, createOptionsWorld, type OptionsWorld } from './world.ts';

let world: OptionsWorld;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  world = await createOptionsWorld();
  server = await listen(world.app as never);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await world?.close();
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI while driving the engine on fake time until the CLI exits. */
async function runWhileSettling(args: string[]): Promise<RunResult> {
  const child = spawn(process.execPath, ['bin/reelgate.js', ...args], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      PATH: process.env.PATH ?? '',
      REELGATE_URL: server.url,
      REELGATE_API_KEY: API_KEY,
      REELGATE_POLL_INTERVAL_MS: '20',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  let exited: number | null | undefined;
  const done = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      exited = code;
      resolve();
    }),
  );
  for (let round = 0; round < 2000 && exited === undefined; round++) {
    await world.reelgate.worker.drain();
    const next = await world.reelgate.worker.nextDueAt();
    if (next !== undefined) await world.clock.advance(Math.max(1, next - world.clock.now()));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await done;
  return { code: exited ?? null, stdout, stderr };
}

describe('reelgate generate with request options', () => {
  it('sends seed, audio switch, negative prompt and provider options to the provider', async () => {
    const result = await runWhileSettling([
      'generate',
      'a lighthouse at dusk',
      '--model',
      'fal:fal-ai/veo3/fast',
      '--duration',
      '4',
      '--seed',
      '1234',
      '--no-audio',
      '--negative-prompt',
      'text overlays',
      '--provider-option',
      'enhance_prompt=true',
      '--no-download',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const done = JSON.parse(result.stdout) as { status: string; seed: number };
    expect(done.status).toBe('completed');
    expect(done.seed).toBe(1234);
    expect(world.traffic.receivedBy('fal').at(-1)!.body).toMatchObject({
      seed: 1234,
      generate_audio: false,
      negative_prompt: 'text overlays',
      enhance_prompt: true,
    });
  });

  it('parses provider options as booleans, numbers and text', () => {
    expect(parseProviderOptions(['a=true', 'b=0.5', 'c=hello', 'd=x=y'])).toEqual({
      a: true,
      b: 0.5,
      c: 'hello',
      d: 'x=y',
    });
    expect(() => parseProviderOptions(['novalue'])).toThrow(/key=value/);
  });
});
