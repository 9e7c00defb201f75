/**
 * Favourites over the real engine (embedded PGlite, emulator): per account, idempotent, another
 * account's generation reads as unknown, and a favourite goes away with its generation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { setUpAuth } from '../../src/auth/setup.ts';
import { ReelgateClient, ReelgateApiError } from '../../src/client/index.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { systemClock } from '../../src/shared/system-clock.ts';
import { listen } from './fakes/harness.ts';

const keyA = 'sk-favorites-account-a';
const keyB = 'sk-favorites-account-b';
let dir: string;
let reelgate: Reelgate;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelgate-favorites-'));
  reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dir, REELGATE_EMULATOR_SPEED: '200' }), {
    logger: pino({ level: 'silent' }),
  });
  const { accounts } = await setUpAuth({
    db: reelgate.db,
    clock: systemClock,
    env: { REELGATE_API_KEYS: `${keyA},${keyB}` },
  });
  const app = createHttpApp({
    service: reelgate.service,
    accounts,
    config: { signingSecret: 'favorites-test-secret-0123456789', emulated: true },
    favorites: { db: reelgate.db },
  });
  server = await listen(app);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await reelgate?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('favourites', () => {
  it('marks, lists, unmarks; per account; gone with the generation', async () => {
    const a = new ReelgateClient({ baseUrl: server.url, apiKey: keyA });
    const b = new ReelgateClient({ baseUrl: server.url, apiKey: keyB });
    const first = await a.create({ prompt: 'a paper boat on a river, wide shot', duration: 4 });
    const second = await a.create({ prompt: 'a lighthouse at dusk, slow pan', duration: 4 });

    await a.setFavorite(first.id, true);
    await a.setFavorite(first.id, true); // idempotent
    await a.setFavorite(second.id, true);
    expect((await a.favorites()).data.map((f) => f.generation_id).sort()).toEqual(
      [first.id, second.id].sort(),
    );

    // Another account neither sees nor can mark A's generation.
    expect((await b.favorites()).data).toEqual([]);
    const refused = await b.setFavorite(first.id, true).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReelgateApiError);
    expect((refused as ReelgateApiError).status).toBe(404);
    const unknown = await a.setFavorite('video_does_not_exist', true).catch((error: unknown) => error);
    expect((unknown as ReelgateApiError).status).toBe(404);

    await a.setFavorite(second.id, false);
    expect((await a.favorites()).data.map((f) => f.generation_id)).toEqual([first.id]);

    await a.wait(first.id, { pollIntervalMs: 50, timeoutMs: 60_000 }).catch(() => undefined);
    await a.delete(first.id);
    expect((await a.favorites()).data).toEqual([]);
  }, 90_000);

  it('is listed in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/favorites', '/v1/favorites/{generation_id}']),
    );
  });
});
