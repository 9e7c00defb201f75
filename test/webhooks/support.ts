/**
 * Shared fixtures for the webhook tests: a database (PGlite in memory, or a uniquely named
 * PostgreSQL database dropped afterwards) with the accounts and webhooks migrations, an account
 * row, and a recording HTTP receiver on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Generation } from '../../src/core/generation.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { loadMigrations } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

export const databaseUrl =
  process.env.REELGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: EngineDb;
  close(): Promise<void>;
}

/** Applies only what webhooks need (accounts for the foreign key, then webhooks). */
async function applyWebhookSchema(db: EngineDb): Promise<void> {
  const migrations = await loadMigrations();
  for (const migration of migrations) {
    if (migration.name.startsWith('0002_') || migration.name.startsWith('0006_'))
      await db.exec(migration.sql);
  }
}

export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    await applyWebhookSchema(db);
    return { db, close: () => db.close() };
  }
  const name = `rg_webhooks_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres({ connectionString: url.href, maxConnections: 8 });
  await applyWebhookSchema(db);
  return {
    db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: databaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function insertAccount(db: EngineDb, id: string): Promise<void> {
  await db.query('INSERT INTO accounts (id, name, created_at) VALUES ($1, $1, 0) ON CONFLICT DO NOTHING', [
    id,
  ]);
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Decides the answer to each request (default 200). */
  respond: (request: ReceivedRequest, response: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    requests: [],
    respond: (_request, response) => {
      response.writeHead(200);
      response.end('ok');
    },
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { path: req.url ?? '/', headers: req.headers, body };
      receiver.requests.push(request);
      receiver.respond(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

export function fakeGeneration(overrides: Partial<Generation> = {}): Generation {
  return {
    id: 'video_abc123',
    accountId: 'acct_1',
    state: 'completed',
    status: 'completed',
    model: 'openai:sora-2',
    provider: 'openai',
    requested: { model: null, resolution: '720p', size: null, durationSeconds: 4, surface: 'videos' },
    prompt: 'a red fox in snow',
    size: '1280x720',
    resolution: '720p',
    durationSeconds: 4,
    warnings: [],
    progress: 100,
    queuePosition: null,
    etaMs: null,
    error: null,
    costUsd: null,
    video: null,
    thumbnail: null,
    parentId: null,
    createdAt: Date.UTC(2026, 0, 1),
    updatedAt: Date.UTC(2026, 0, 1),
    completedAt: Date.UTC(2026, 0, 1, 0, 1),
    emulated: true,
    ...overrides,
  };
}
