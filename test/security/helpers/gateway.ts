/**
 * The real gateway for security tests: the engine from src/app (embedded PGlite in a temp dir,
 * local disk storage, the worker running), the SQL account store with configured keys, and
 * the HTTP app, with every log line captured. The provider is a counting fake unless the test
 * brings its own bindings; DNS is an injected table (no real lookups).
 */
import { databaseIdempotencyStore } from '../../../src/app/idempotency-store.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config/load-config.ts';
import { createReelgate, type Reelgate, type ReelgateOverrides } from '../../../src/app/reelgate.ts';
import type { AccountStore } from '../../../src/auth/account.ts';
import { setUpAuth } from '../../../src/auth/setup.ts';
import type { GenerationEvent } from '../../../src/core/generation.ts';
import { createHttpApp, type HttpConfig } from '../../../src/http/app.ts';
import type { HostResolver } from '../../../src/net/outbound-guard.ts';
import { systemClock } from '../../../src/shared/system-clock.ts';
import { CountingProvider } from './counting-provider.ts';

export const keyA = 'rg_test_key_account_a_0123456789abcdefghijklmnop';
export const keyB = 'rg_test_key_account_b_0123456789abcdefghijklmnop';
export const adminKey = 'rg_test_admin_key_0123456789abcdefghijklmnopqrstu';
export const signingSecret = 'security-test-signing-secret-0123456789abcdef';

/** Names used by tests, resolved without DNS: public ones to documentation-free public space. */
export const dnsTable: Record<string, string[]> = {
  'images.example': ['93.184.216.34'],
  'cdn.provider.example': ['93.184.216.35'],
  'metadata.example': ['169.254.169.254'],
  'intranet.example': ['10.0.0.1'],
  'rebind.example': ['93.184.216.36', '127.0.0.1'],
  'loopback.example': ['127.0.0.1'],
  'v6-loopback.example': ['::1'],
};

export const tableResolver: HostResolver = async (hostname) => {
  const found = dnsTable[hostname.toLowerCase()];
  if (!found) throw new Error(`ENOTFOUND ${hostname}`);
  return found;
};

export interface Gateway {
  app: ReturnType<typeof createHttpApp>;
  reelgate: Reelgate;
  accounts: AccountStore;
  provider: CountingProvider;
  /** Every log line written so far (pino JSON). */
  logs: string[];
  dataDir: string;
  auth(key?: string): Record<string, string>;
  /** Resolves with the generation's final event. */
  finished(generationId: string, timeoutMs?: number): Promise<GenerationEvent>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  http?: Partial<HttpConfig>;
  env?: Record<string, string>;
  overrides?: ReelgateOverrides;
  logLevel?: string;
}

const finalTypes = [
  'generation:completed',
  'generation:failed',
  'generation:canceled',
  'generation:expired',
] as const;

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-security-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: options.logLevel ?? 'debug' }, sink);
  const provider = new CountingProvider();
  const config = loadConfig({ REELGATE_DATA_DIR: dataDir, ...options.env });
  const reelgate = await createReelgate(config, {
    logger,
    providers: [provider.binding()],
    resolve: tableResolver,
    policy: { poll: { minIntervalMs: 1, maxIntervalMs: 50 } },
    ...options.overrides,
  });
  const { accounts } = await setUpAuth({
    db: reelgate.db,
    clock: systemClock,
    env: { REELGATE_API_KEYS: `${keyA},${keyB}`, REELGATE_ADMIN_KEYS: adminKey },
  });
  const app = createHttpApp({
    service: reelgate.service,
    planning: reelgate.service.planning,
    idempotency: databaseIdempotencyStore(reelgate.db),
    accounts,
    logger,
    config: {
      signingSecret,
      emulated: reelgate.emulated,
      webDistDir: join(dataDir, 'no-web-dist'),
      ...options.http,
    },
    providerWebhooks: reelgate.providerWebhooks,
    metrics: { render: () => reelgate.renderMetrics() },
  });
  return {
    app,
    reelgate,
    accounts,
    provider,
    logs,
    dataDir,
    auth: (key = keyA) => ({ authorization: `Bearer ${key}` }),
    async finished(generationId, timeoutMs = 20_000) {
      const waiting = reelgate.events.next(
        { generationId, types: finalTypes },
        AbortSignal.timeout(timeoutMs),
      );
      const current = await reelgate.service.get(
        (
          await reelgate.db.query<{ account_id: string }>(
            'SELECT account_id FROM generations WHERE id = $1',
            [generationId],
          )
        ).rows[0]?.account_id ?? '',
        generationId,
      );
      if (current && ['completed', 'failed', 'canceled', 'expired'].includes(current.state)) {
        void waiting.catch(() => {});
        return {
          type: `generation:${current.state}`,
          generation: current,
          at: Date.now(),
        } as GenerationEvent;
      }
      return waiting;
    },
    async close() {
      await reelgate.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON request init for app.request. */
export function jsonBody(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
