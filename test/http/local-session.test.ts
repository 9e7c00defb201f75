import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/auth/local-session.ts';
import { createHarness } from './fakes/harness.ts';

describe('GET /v1/session/local (studio auto-login)', () => {
  const servers: ReturnType<typeof serve>[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
  });

  async function listen(localSessionKey: string | undefined) {
    const h = await createHarness({ config: localSessionKey ? { localSessionKey } : {} });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const instance = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('hands the local key to a loopback browser, and the key works', async () => {
    const url = await listen('local-key-123');
    const response = await fetch(`${url}/v1/session/local`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ api_key: 'local-key-123', local: true });
  });

  it('refuses requests that came through a proxy or name another host', async () => {
    const url = await listen('local-key-123');
    for (const headers of [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { host: 'reelgate.example.com' },
    ]) {
      expect(JSON.parse(await rawGet(`${url}/v1/session/local`, headers))).toEqual({
        api_key: null,
        local: false,
      });
    }
  });

  it('answers null when auto-login is off or the peer is unknown', async () => {
    const url = await listen(undefined);
    expect(await (await fetch(`${url}/v1/session/local`)).json()).toEqual({ api_key: null, local: false });
    const h = await createHarness({ config: { localSessionKey: 'k' } });
    // app.request() has no socket: never local.
    expect(await (await h.app.request('http://127.0.0.1/v1/session/local')).json()).toEqual({
      api_key: null,
      local: false,
    });
  });

  it('classifies loopback hosts', () => {
    for (const host of [
      '127.0.0.1',
      '127.8.9.1',
      'localhost',
      '[::1]',
      '::1',
      '::ffff:127.0.0.1',
      'app.localhost',
    ])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.com', '::', '192.168.1.1', 'localhost.example.com'])
      expect(isLoopbackHost(host)).toBe(false);
  });
});

/** fetch() cannot set Host; node:http can. */
function rawGet(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}
