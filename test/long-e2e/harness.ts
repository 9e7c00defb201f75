/**
 * The real engine (embedded PGlite, local disk) against the in-process OpenAI-face emulator at
 * high speed, behind the real HTTP API, for long-video and storyboard acceptance tests.
 */
import { databaseIdempotencyStore } from '../../src/app/idempotency-store.ts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate, type ReelgateOverrides } from '../../src/app/reelgate.ts';
import type { Account } from '../../src/auth/account.ts';
import { setUpAuth } from '../../src/auth/setup.ts';
import type { Generation } from '../../src/core/generation.ts';
import { openDatabase } from '../../src/db/open.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createOpenAICompatible } from '../../src/providers/openai-compatible/index.ts';
import { systemClock } from '../../src/shared/system-clock.ts';
import type { ProviderBinding } from '../../src/providers/provider-port.ts';
import { openaiCompatibleBinding } from '../../src/providers/openai-compatible/openai-compatible-binding.ts';

export interface LongHarness {
  reelgate: Reelgate;
  emulator: RunningEmulator;
  url: string;
  keys: { user: string; other: string; admin: string };
  account(key: string): Promise<Account>;
  /** Authenticated JSON request to the gateway (the body as parsed JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
  api(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  /** Waits (events, no sleeps) until the generation is final; returns it. */
  finished(accountId: string, id: string, timeoutMs?: number): Promise<Generation>;
  dataDir: string;
  close(): Promise<void>;
}

const finalStates = new Set(['completed', 'failed', 'canceled', 'expired']);

export async function startLongHarness(
  options: {
    speed?: number;
    overrides?: ReelgateOverrides;
    /** Wraps the emulator's provider binding (test-only provider behaviour). */
    wrapBinding?: (binding: ProviderBinding) => ProviderBinding;
    /** Bindings to other faces of the same emulator, beside the OpenAI one. */
    extraBindings?: (emulator: { url: string; apiKey: string; speed: number }) => ProviderBinding[];
  } = {},
): Promise<LongHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-long-e2e-'));
  const db = await openDatabase({});
  const apiKey = `emu_${randomBytes(6).toString('hex')}`;
  const speed = options.speed ?? 2000;
  const emulator = await startEmulator({
    port: 0,
    speed,
    seed: 11,
    apiKey,
    // Renders are cached by what they show: repeated runs reuse them.
    dataDir: join(tmpdir(), 'reelgate-long-e2e-cache'),
  });
  const provider = createOpenAICompatible({ apiKey, baseURL: `${emulator.url}/v1` });
  const wrap = options.wrapBinding ?? ((binding: ProviderBinding) => binding);
  const reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    db,
    logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    providers: [
      wrap(openaiCompatibleBinding(provider, { emulated: true, timeScale: speed, apiKey })),
      ...(options.extraBindings?.({ url: emulator.url, apiKey, speed }) ?? []),
    ],
    policy: { deadline: { factor: 4, minMs: 0, floorRealMs: 20_000 } },
    webhooks: false,
    ...options.overrides,
  });
  const keys = {
    user: `sk-long-user-${randomBytes(4).toString('hex')}`,
    other: `sk-long-other-${randomBytes(4).toString('hex')}`,
    admin: `sk-long-admin-${randomBytes(4).toString('hex')}`,
  };
  const { accounts } = await setUpAuth({
    db: reelgate.db,
    clock: systemClock,
    env: { REELGATE_API_KEYS: `${keys.user},${keys.other}`, REELGATE_ADMIN_KEYS: keys.admin },
  });
  const app = createHttpApp({
    service: reelgate.service,
    planning: reelgate.service.planning,
    idempotency: databaseIdempotencyStore(reelgate.db),
    accounts,
    config: { signingSecret: 'long-e2e-signing-secret-0123456789', emulated: true, rateLimitPerMinute: 0 },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const instance = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    reelgate,
    emulator,
    url,
    keys,
    dataDir,
    async account(key) {
      const account = await accounts.authenticate(key);
      if (!account) throw new Error('unknown test key');
      return account;
    },
    async api(method, path, body, key = keys.user) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async finished(accountId, id, timeoutMs = 60_000) {
      const signal = AbortSignal.timeout(timeoutMs);
      for (;;) {
        const waiting = reelgate.events.next({ generationId: id }, signal);
        const current = await reelgate.service.get(accountId, id);
        if (!current) throw new Error(`generation ${id} not found`);
        if (finalStates.has(current.state)) {
          waiting.catch(() => {});
          return current;
        }
        await waiting;
      }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reelgate.close();
      await emulator.close();
      await db.close().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
