/**
 * `GET /`: the studio's production build (web/dist) when it exists, with an SPA fallback;
 * otherwise a small page pointing at the API docs.
 */
import { stat, readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { ReelgateError } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.mp4': 'video/mp4',
};

/** Paths that belong to the API and never fall back to the studio. */
const apiPrefixes = ['/v1/', '/files/', '/webhooks/'];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function fallbackPage(emulated: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reelgate</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>reelgate</h1>
<p>A durable gateway for AI video generation is running here.${emulated ? ' <strong>Videos are made by the built-in emulator</strong> (no provider configured).' : ''}</p>
<ul>
<li><a href="/docs">API documentation</a> · <a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li>Simple generation contract: <code>POST /v1/videos/generations</code> · OpenAI-compatible: <code>/v1/videos</code></li>
<li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></li>
</ul>
<p>The studio appears here once <code>web/dist</code> is built.</p></body></html>`;
}

export const homeRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'home',
  summary: 'The studio (or a page linking the API docs)',
  tags: ['Documentation'],
  security: [],
  responses: { 200: { description: 'HTML page.', content: { 'text/html': { schema: z.string() } } } },
});

export function registerRootRoutes(app: GatewayApp, context: RouteContext): void {
  const { config } = context;
  const root = normalize(config.webDistDir);
  const indexFile = join(root, 'index.html');

  const serveStudio = async (c: Context<AppEnv>, path: string): Promise<Response | undefined> => {
    if (!(await isFile(indexFile))) return undefined;
    const candidate = normalize(join(root, decodeURIComponent(path)));
    if (candidate.startsWith(root + sep) && (await isFile(candidate))) {
      const type = contentTypes[extname(candidate)] ?? 'application/octet-stream';
      const immutable = candidate.includes(`${sep}assets${sep}`);
      return c.body(new Uint8Array(await readFile(candidate)), 200, {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    // SPA fallback: unknown non-asset paths get index.html.
    if (extname(path) !== '' && path !== '/') return undefined;
    return c.body(new Uint8Array(await readFile(indexFile)), 200, {
      'content-type': contentTypes['.html']!,
      'cache-control': 'no-cache',
    });
  };

  app.openapi(
    homeRoute,
    async (c) => (await serveStudio(c, '/index.html')) ?? c.html(fallbackPage(config.emulated ?? false)),
  );
  app.get('*', async (c) => {
    const path = c.req.path;
    const unknown = new ReelgateError({
      code: 'not_found',
      message: `Unknown route: ${c.req.method} ${path}.`,
    });
    if (apiPrefixes.some((prefix) => path.startsWith(prefix))) throw unknown;
    const served = await serveStudio(c, path);
    if (!served) throw unknown;
    return served;
  });
}
