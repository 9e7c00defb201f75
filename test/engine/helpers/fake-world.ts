/**
 * A gateway on fake time over the hand-written fake provider and a test database, with no
 * background worker, event relay or outgoing webhooks: the tests drive the worker themselves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createReelgate, type Reelgate } from '../../../src/app/reelgate.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import type { CatalogEntry } from '../../../src/core/catalog/catalog-entry.ts';
import { createDefaultCatalog } from '../../../src/core/catalog/index.ts';
import type { FakeClock } from '../../../src/core/clock.ts';
import { seededRandom } from '../../../src/core/random.ts';
import type { EnginePolicy } from '../../../src/worker/engine-deps.ts';
import { type DbKind, openTestDatabase, type TestDatabase } from './databases.ts';
import type { FakeProvider } from './fake-provider.ts';

export interface FakeWorld {
  reelgate: Reelgate;
  database: TestDatabase;
  /** Closes the gateway, drops the database and removes the data directory. */
  close(): Promise<void>;
}

export async function fakeProviderWorld(options: {
  clock: FakeClock;
  provider: FakeProvider;
  entry: CatalogEntry;
  seed: number;
  kind?: DbKind;
  env?: Record<string, string>;
  policy?: Partial<EnginePolicy>;
  newId?: () => string;
}): Promise<FakeWorld> {
  const database = await openTestDatabase(options.kind ?? 'pglite');
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-fake-world-'));
  const reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir, ...options.env }), {
    clock: options.clock,
    random: seededRandom(options.seed),
    db: database.db,
    logger: pino({ level: 'silent' }),
    providers: [options.provider.binding()],
    catalog: createDefaultCatalog([options.entry]),
    startWorker: false,
    eventRelay: false,
    webhooks: false,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
  });
  return {
    reelgate,
    database,
    async close() {
      await reelgate.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
