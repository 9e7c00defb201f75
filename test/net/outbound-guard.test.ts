/**
 * The outbound guard against a real HTTP server on 127.0.0.1 (explicitly allowed here). Names
 * like `files.test` resolve through an injected resolver; refused destinations are refused before
 * any connection, proven by a transport spy that is never called. No traffic leaves loopback.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import {
  createGuardedFetch,
  type HostResolver,
  type OutboundGuardOptions,
  OutboundRequestError,
} from '../../src/net/outbound-guard.ts';

const zones: Record<string, string[]> = {
  'files.test': ['127.0.0.1'],
  'other.test': ['127.0.0.1'],
  'private.test': ['10.0.0.5'],
  'home.test': ['192.168.1.20'],
  'corp.test': ['172.16.4.4'],
  'meta.test': ['169.254.169.254'],
  'mixed.test': ['93.184.216.34', '10.0.0.1'],
  'cgnat.test': ['100.64.3.3'],
  'v6loop.test': ['::1'],
  'mapped.test': ['::ffff:10.0.0.1'],
  'ula.test': ['fd00::1'],
  'zero.test': ['0.0.0.0'],
};
const resolver: HostResolver = async (hostname) => {
  const found = zones[hostname];
  if (!found) throw new Error(`NXDOMAIN ${hostname}`);
  return found;
};

let server: Server;
let port: number;
const seen: Array<{
  url: string;
  host: string | undefined;
  authorization: string | undefined;
  method: string;
}> = [];
let hang: ((req: IncomingMessage) => void) | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({
      url: req.url ?? '',
      host: req.headers.host,
      authorization: req.headers.authorization,
      method: req.method ?? '',
    });
    const to = url.searchParams.get('to');
    switch (url.pathname) {
      case '/redirect':
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to ?? '/' });
        res.end();
        return;
      case '/echo': {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk) => {
          body += chunk;
        });
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null, body }),
          );
        });
        return;
      }
      case '/sized':
        res.writeHead(200, { 'content-length': '1000' });
        res.end(Buffer.alloc(1000, 1));
        return;
      case '/chunked':
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(100, 2));
        res.end();
        return;
      case '/hang':
        hang?.(req);
        return; // never answers
      default:
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('hello');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function guard(extra: OutboundGuardOptions = {}) {
  return createGuardedFetch({ resolve: resolver, allowHttp: true, allowedCidrs: ['127.0.0.0/8'], ...extra });
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
}

describe('allowed traffic', () => {
  it('connects to the checked address (the hostname is never looked up again)', async () => {
    const response = await guard()(`http://files.test:${port}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
    expect(seen.at(-1)?.host).toBe(`files.test:${port}`);
  });

  it('sends POST bodies and follows 307 with method and body kept', async () => {
    const target = `http://files.test:${port}/echo`;
    const response = await guard()(
      `http://files.test:${port}/redirect?status=307&to=${encodeURIComponent(target)}`,
      {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(await response.json()).toMatchObject({ method: 'POST', body: '{"a":1}' });
  });

  it('accepts a Request object and a streamed body', async () => {
    const target = `http://files.test:${port}/echo`;
    const viaRequest = await guard()(new Request(target, { method: 'PUT', body: 'from a Request' }));
    expect(await viaRequest.json()).toMatchObject({ method: 'PUT', body: 'from a Request' });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const viaStream = await guard()(target, { method: 'POST', body: stream });
    expect(await viaStream.json()).toMatchObject({ method: 'POST', body: 'streamed' });
  });

  it('turns a 303 into a GET without body', async () => {
    const target = `http://files.test:${port}/echo`;
    const response = await guard()(
      `http://files.test:${port}/redirect?status=303&to=${encodeURIComponent(target)}`,
      {
        method: 'POST',
        body: 'payload',
      },
    );
    expect(await response.json()).toMatchObject({ method: 'GET', body: '' });
  });

  it("hands 3xx back untouched with redirect: 'manual' and refuses them with 'error'", async () => {
    const url = `http://files.test:${port}/redirect?to=/elsewhere`;
    const manual = await guard()(url, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/elsewhere');
    expect((await refusal(guard()(url, { redirect: 'error' }))).reason).toBe('redirect_refused');
  });

  it('allows private networks wholesale only with allowPrivateNetworks, never metadata', async () => {
    const spy = vi.fn(async () => new Response('ok'));
    const open = createGuardedFetch({ resolve: resolver, allowPrivateNetworks: true, fetch: spy });
    for (const host of ['private.test', 'home.test', 'v6loop.test', 'cgnat.test', 'ula.test']) {
      expect((await open(`https://${host}/x`)).status).toBe(200);
    }
    expect((await refusal(open('https://meta.test/latest/meta-data/'))).reason).toBe('address_not_allowed');
    expect((await refusal(open('https://169.254.169.254/'))).reason).toBe('address_not_allowed');
    expect(spy).toHaveBeenCalledTimes(5);
  });

  it('names the refused address kind in plain English ("an unspecified address")', async () => {
    const spy = vi.fn(async () => new Response('ok'));
    const open = createGuardedFetch({ resolve: resolver, fetch: spy });
    expect((await refusal(open('https://zero.test/'))).message).toContain(
      'resolves to an unspecified address',
    );
    expect((await refusal(open('https://private.test/'))).message).toContain('resolves to a private address');
    expect(spy).not.toHaveBeenCalled();
  });

  it('allows a host by name when listed in allowedHosts', async () => {
    const spy = vi.fn(async () => new Response('ok'));
    const named = createGuardedFetch({ resolve: resolver, allowedHosts: ['*.test'], fetch: spy });
    expect((await named('https://private.test/')).status).toBe(200);
    expect(
      (await refusal(createGuardedFetch({ resolve: resolver, fetch: spy })('https://private.test/'))).reason,
    ).toBe('address_not_allowed');
  });
});

describe('refused destinations (no connection attempted)', () => {
  const refusedUrls = [
    'https://private.test/',
    'https://home.test/',
    'https://corp.test/',
    'https://meta.test/latest/meta-data/',
    'https://mixed.test/', // one bad address among good ones is enough
    'https://cgnat.test/',
    'https://v6loop.test/',
    'https://mapped.test/',
    'https://ula.test/',
    'https://10.0.0.1/',
    'https://10.255.255.255/',
    'https://172.16.0.1/',
    'https://172.31.1.1/',
    'https://192.168.0.1/',
    'https://127.0.0.1/',
    'https://127.8.8.8/',
    'https://localhost./', // resolved by the injected resolver below
    'https://[::1]/',
    'https://[::]/',
    'https://0.0.0.0/',
    'https://0/',
    'https://169.254.169.254/latest/meta-data/iam/',
    'https://[fd00:ec2::254]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::ffff:169.254.169.254]/',
    'https://[0:0:0:0:0:ffff:a9fe:a9fe]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://[2002:7f00:1::1]/',
    'https://[fe80::1]/',
    // Decimal, octal, hex and short forms all normalise to a private address before the check.
    'https://2130706433/',
    'https://0177.0.0.1/',
    'https://0x7f.0.0.1/',
    'https://0x7f000001/',
    'https://127.1/',
    'https://017700000001/',
    'https://3232235521/', // 192.168.0.1
    'https://2852039166/', // 169.254.169.254
    'https://0xA9.0xFE.0xA9.0xFE/',
  ];

  it.each(refusedUrls)('refuses %s before connecting', async (url) => {
    const spy = vi.fn(async () => new Response('should not happen'));
    const resolve: HostResolver = async (host) => (host === 'localhost' ? ['127.0.0.1'] : resolver(host));
    const error = await refusal(createGuardedFetch({ resolve, fetch: spy })(url));
    expect(error.reason).toBe('address_not_allowed');
    expect(error.code).toBe('invalid_request');
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses schemes other than https (and http unless allowed), and embedded credentials', async () => {
    const spy = vi.fn(async () => new Response('no'));
    const strict = createGuardedFetch({ resolve: resolver, fetch: spy });
    for (const url of [
      'http://files.test/',
      'ftp://files.test/',
      'file:///etc/passwd',
      'gopher://x/',
      'data:,hi',
    ]) {
      expect((await refusal(strict(url))).reason).toBe('scheme_not_allowed');
    }
    expect((await refusal(strict('https://user:pw@files.test/'))).reason).toBe('credentials_in_url');
    expect((await refusal(strict('not a url'))).reason).toBe('bad_url');
    expect((await refusal(strict('https://nowhere.test/'))).reason).toBe('dns_failed');
    expect(spy).not.toHaveBeenCalled();
  });

  it('re-checks every redirect hop: a public start cannot bounce into a private address', async () => {
    const responses: Record<string, Response> = {};
    const spy = vi.fn(async (url: string | URL | Request) => {
      const href = String(url);
      if (href.startsWith('https://files.test/')) {
        return new Response(null, { status: 302, headers: { location: 'https://169.254.169.254/latest/' } });
      }
      return responses[href] ?? new Response('leak');
    });
    const guarded = createGuardedFetch({ resolve: resolver, allowedHosts: ['files.test'], fetch: spy });
    const error = await refusal(guarded('https://files.test/start'));
    expect(error.reason).toBe('address_not_allowed');
    expect(spy).toHaveBeenCalledTimes(1);
    // http downgrade through a redirect is refused too.
    spy.mockImplementationOnce(
      async () => new Response(null, { status: 301, headers: { location: 'http://files.test/' } }),
    );
    expect((await refusal(guarded('https://files.test/other'))).reason).toBe('scheme_not_allowed');
  });

  it('check() validates a URL without fetching it', async () => {
    const strict = createGuardedFetch({ resolve: resolver });
    await expect(strict.check('https://files.test/hook')).rejects.toMatchObject({
      reason: 'address_not_allowed',
    });
    await expect(strict.check('http://8.8.8.8/')).rejects.toMatchObject({ reason: 'scheme_not_allowed' });
    await expect(strict.check('https://8.8.8.8/hook')).resolves.toBeInstanceOf(URL);
  });
});

describe('redirect limits and credentials', () => {
  it('caps the number of hops', async () => {
    let url = `http://files.test:${port}/`;
    for (let i = 0; i < 4; i++) url = `http://files.test:${port}/redirect?to=${encodeURIComponent(url)}`;
    expect((await guard({ maxRedirects: 4 })(url)).status).toBe(200);
    expect((await refusal(guard({ maxRedirects: 3 })(url))).reason).toBe('too_many_redirects');
  });

  it('keeps Authorization on same-origin redirects and strips it on cross-origin ones for good', async () => {
    const echo = `http://files.test:${port}/echo`;
    const same = await guard()(`http://files.test:${port}/redirect?to=${encodeURIComponent(echo)}`, {
      headers: { authorization: 'Bearer sk-secret' },
    });
    expect((await same.json()).authorization).toBe('Bearer sk-secret');

    // files.test -> other.test -> back to files.test: the credential never reappears.
    const back = `http://other.test:${port}/redirect?to=${encodeURIComponent(echo)}`;
    seen.length = 0;
    const cross = await guard()(`http://files.test:${port}/redirect?to=${encodeURIComponent(back)}`, {
      headers: { authorization: 'Bearer sk-secret', 'x-api-key': 'k' },
    });
    expect((await cross.json()).authorization).toBeNull();
    expect(seen.map((entry) => entry.authorization)).toEqual(['Bearer sk-secret', undefined, undefined]);
  });

  it('sends credentials only to configured origins', async () => {
    const configured = guard({ credentialOrigins: [`http://other.test:${port}`] });
    const toFiles = await configured(`http://files.test:${port}/echo`, {
      headers: { authorization: 'Bearer sk-x' },
    });
    expect((await toFiles.json()).authorization).toBeNull();
    const toOther = await configured(`http://other.test:${port}/echo`, {
      headers: { authorization: 'Bearer sk-x' },
    });
    expect((await toOther.json()).authorization).toBe('Bearer sk-x');
  });
});

describe('size and time limits', () => {
  it('refuses an announced Content-Length over the limit', async () => {
    const error = await refusal(guard({ maxResponseBytes: 999 })(`http://files.test:${port}/sized`));
    expect(error.reason).toBe('response_too_large');
    expect(error.code).toBe('payload_too_large');
    expect((await guard({ maxResponseBytes: 1000 })(`http://files.test:${port}/sized`)).status).toBe(200);
  });

  it('counts streamed bytes when no length is announced', async () => {
    const response = await guard()(`http://files.test:${port}/chunked`, { maxResponseBytes: 550 });
    const error = await refusal(response.arrayBuffer());
    expect(error.reason).toBe('response_too_large');
    const fine = await guard()(`http://files.test:${port}/chunked`, { maxResponseBytes: 1000 });
    expect((await fine.arrayBuffer()).byteLength).toBe(1000);
  });

  it('gives up when the time limit passes (fake clock)', async () => {
    const clock = new FakeClock();
    const arrived = new Promise<void>((resolve) => {
      hang = () => resolve();
    });
    const pending = guard({ clock, timeoutMs: 5_000 })(`http://files.test:${port}/hang`);
    await arrived;
    await clock.advance(4_999);
    let settled = false;
    void pending.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    await clock.advance(1);
    const error = await refusal(pending);
    expect(error.reason).toBe('timed_out');
    expect(error.code).toBe('timed_out');
  });
});
