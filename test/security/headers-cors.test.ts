/**
 * Security headers on the studio, the docs page, the API, files and errors; CORS only for
 * configured origins (simple requests and preflights); the local auto-login key never handed
 * to another site. The studio's CSP is checked against the real Vite build of web/ in Chromium
 * when both are present on the machine.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { listen } from '../http/fakes/harness.ts';
import { type Gateway, jsonBody, signingSecret, startGateway } from './helpers/gateway.ts';

const allowed = 'https://app.example';
let gateway: Gateway;
let studioDir = '';

beforeAll(async () => {
  gateway = await startGateway({ http: { corsOrigins: [allowed, 'https://studio.example/'] } });
  studioDir = join(gateway.dataDir, 'web-dist');
  await mkdir(join(studioDir, 'assets'), { recursive: true });
  await writeFile(
    join(studioDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>',
  );
  await writeFile(join(studioDir, 'assets', 'app.js'), 'document.getElementById("root").textContent = "ok";');
});
afterAll(async () => {
  await gateway?.close();
});

function studioApp(extra: Record<string, unknown> = {}) {
  return createHttpApp({
    service: gateway.reelgate.service,
    planning: gateway.reelgate.service.planning,
    accounts: gateway.accounts,
    config: { signingSecret, webDistDir: studioDir, ...extra },
  });
}

function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectCommonHeaders(response: Response, what: string): void {
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
  expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(directives(response.headers.get('content-security-policy')).get('frame-ancestors'), what).toEqual([
    "'none'",
  ]);
}

describe('security headers', () => {
  it('the studio page gets a CSP that allows only its own scripts, and media from self, blob: and data:', async () => {
    const app = studioApp();
    for (const path of ['/', '/videos/some-client-route']) {
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expectCommonHeaders(response, path);
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      for (const name of ['media-src', 'img-src']) {
        expect(csp.get(name)).toEqual(expect.arrayContaining(["'self'", 'blob:', 'data:']));
      }
      const everything = [...csp.values()].flat();
      expect(everything).not.toContain("'unsafe-eval'");
      expect(everything).not.toContain('*');
    }
    const script = await app.request('/assets/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expectCommonHeaders(script, 'asset');
  });

  it('media-src and connect-src add the public URL origin when signed links point elsewhere', async () => {
    const response = await studioApp({ publicBaseUrl: 'https://videos.example/base/' }).request('/');
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('media-src')).toContain('https://videos.example');
    expect(csp.get('connect-src')).toContain('https://videos.example');
  });

  it('API answers, errors, docs and files are covered too; non-HTML gets default-src none', async () => {
    const created = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'headers' }, gateway.auth()),
    );
    const id = ((await created.json()) as { id: string }).id;
    await gateway.finished(id);
    const file = await gateway.app.request(`/v1/generations/${id}/content`, { headers: gateway.auth() });
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    const cases: Array<[string, Response]> = [
      ['json', await gateway.app.request('/healthz')],
      ['401', await gateway.app.request('/v1/generations')],
      ['404', await gateway.app.request('/v1/nothing-here', { headers: gateway.auth() })],
      ['openapi', await gateway.app.request('/openapi.json')],
      ['metrics', await gateway.app.request('/metrics')],
      ['file', file],
    ];
    for (const [what, response] of cases) {
      expectCommonHeaders(response, what);
      expect(directives(response.headers.get('content-security-policy')).get('default-src'), what).toEqual([
        "'none'",
      ]);
    }
    const docs = await gateway.app.request('/docs');
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expectCommonHeaders(docs, 'docs');
    expect(directives(docs.headers.get('content-security-policy')).get('script-src')).toEqual(["'self'"]);
  });
});

describe('CORS', () => {
  it('answers a configured origin and nobody else (simple requests)', async () => {
    const ok = await gateway.app.request('/healthz', { headers: { origin: allowed } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('vary')).toMatch(/origin/i);
    const trailing = await gateway.app.request('/healthz', { headers: { origin: 'https://studio.example' } });
    expect(trailing.headers.get('access-control-allow-origin')).toBe('https://studio.example');
    for (const origin of [
      'https://evil.example',
      'https://app.example.evil.example',
      'https://evilapp.example',
      'http://app.example',
      'https://app.example:444',
      'HTTPS://APP.EXAMPLE',
      'null',
      'https://app.example/',
    ]) {
      const refused = await gateway.app.request('/v1/account', { headers: { origin, ...gateway.auth() } });
      expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(refused.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it('preflights: allowed origin gets methods and the requested headers; others get nothing', async () => {
    const preflight = (origin: string) =>
      gateway.app.request('/v1/generations', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const ok = await preflight(allowed);
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const refused = await preflight('https://evil.example');
    // Without Access-Control-Allow-Origin the browser refuses the real request.
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no cross-origin access at all by default', async () => {
    const app = studioApp();
    const response = await app.request('/healthz', { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('local auto-login key', () => {
  it('is handed to loopback pages only, never to another site (even with CORS open to *)', async () => {
    const app = createHttpApp({
      service: gateway.reelgate.service,
      planning: gateway.reelgate.service.planning,
      accounts: gateway.accounts,
      config: { signingSecret, corsOrigins: ['*'], localSessionKey: 'rg_local_key_for_test' },
    });
    const server = await listen(app);
    try {
      // node:http rather than fetch: fetch will not send a forged Host header.
      const ask = (headers: Record<string, string>) =>
        new Promise<string | null>((resolve, reject) => {
          const request = http.get(`${server.url}/v1/session/local`, { headers }, (response) => {
            let text = '';
            response.on('data', (chunk) => {
              text += chunk;
            });
            response.on('end', () => resolve((JSON.parse(text) as { api_key: string | null }).api_key));
          });
          request.on('error', reject);
        });
      expect(await ask({})).toBe('rg_local_key_for_test');
      expect(await ask({ origin: server.url })).toBe('rg_local_key_for_test');
      expect(await ask({ origin: 'https://evil.example' })).toBeNull();
      expect(await ask({ origin: 'null' })).toBeNull();
      expect(await ask({ 'sec-fetch-site': 'cross-site' })).toBeNull();
      expect(await ask({ host: 'rebound.evil.example' })).toBeNull();
      expect(await ask({ 'x-forwarded-for': '203.0.113.9' })).toBeNull();
    } finally {
      await server.close();
    }
  });
});

const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const chromium = '/usr/bin/chromium';
const canBrowse = existsSync(join(webDist, 'index.html')) && existsSync(chromium);

describe.skipIf(!canBrowse)('the studio build under its CSP in Chromium', () => {
  it('renders with no CSP violation', async () => {
    const { chromium: launcher } = await import('playwright-core');
    const app = createHttpApp({
      service: gateway.reelgate.service,
      planning: gateway.reelgate.service.planning,
      accounts: gateway.accounts,
      config: { signingSecret, webDistDir: webDist },
    });
    const server = await listen(app);
    const browser = await launcher.launch({
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { reportViolation(text: string): void }).reportViolation(
            `${event.violatedDirective} ${event.blockedURI}`,
          );
        });
      });
      const response = await page.goto(`${server.url}/`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, null, {
        timeout: 15_000,
      });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
