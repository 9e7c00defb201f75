/** Shared set-up for HTTP tests: the app over the fake service, two accounts, one admin. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import { FakeClock } from '../../../src/core/clock.ts';
import { createHttpApp, type HttpConfig, type HttpDeps } from '../../../src/http/app.ts';
import { FakeGenerationService, type FakeServiceOptions } from './fake-generation-service.ts';
import { MemoryAccountStore } from './memory-account-store.ts';

export const signingSecret = 'test-signing-secret-0123456789abcdef';

export interface Harness {
  app: ReturnType<typeof createHttpApp>;
  service: FakeGenerationService;
  accounts: MemoryAccountStore;
  clock: FakeClock;
  keyA: string;
  keyB: string;
  adminKey: string;
  accountA: string;
  accountB: string;
  /** `Authorization` headers for account A. */
  authA: Record<string, string>;
  authB: Record<string, string>;
}

export async function createHarness(
  options: {
    config?: Partial<HttpConfig>;
    deps?: Partial<HttpDeps>;
    autoRun?: FakeServiceOptions['autoRun'];
  } = {},
): Promise<Harness> {
  const clock = new FakeClock(Date.UTC(2026, 10, 1));
  const service = new FakeGenerationService({
    clock,
    ...(options.autoRun ? { autoRun: options.autoRun } : {}),
  });
  const accounts = new MemoryAccountStore();
  const a = await accounts.createKey({ name: 'a' });
  const b = await accounts.createKey({ name: 'b' });
  const admin = await accounts.createKey({ name: 'admin', isAdmin: true });
  const app = createHttpApp({
    service,
    accounts,
    clock,
    config: { signingSecret, emulated: true, webDistDir: '/nonexistent-web-dist', ...options.config },
    ...options.deps,
  });
  return {
    app,
    service,
    accounts,
    clock,
    keyA: a.key,
    keyB: b.key,
    adminKey: admin.key,
    accountA: a.account.id,
    accountB: b.account.id,
    authA: { authorization: `Bearer ${a.key}` },
    authB: { authorization: `Bearer ${b.key}` },
  };
}

/** Serves the app on 127.0.0.1 with an OS-chosen port (for the openai SDK, SSE and the CLI). */
export async function listen(app: Harness['app']): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A few bytes that look like an MP4 (an ftyp box) followed by filler. */
export function fakeMp4(length = 4096): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);
  for (let index = 12; index < length; index++) bytes[index] = index % 251;
  return bytes;
}

/** A 1x1 PNG. */
/** A complete, valid PNG of one grey colour and the given size (first frames for image-to-video). */
export function pngOfSize(width: number, height: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let row = 0; row < height; row++) rows[row * (width + 1)] = 0; // filter: none
  return Uint8Array.from(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

export const tinyPng = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);
