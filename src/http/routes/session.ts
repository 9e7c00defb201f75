/**
 * `GET /v1/session/local`: local auto-login for the studio. On a default single-machine install
 * (no configured keys, listening on loopback) a browser on the same machine gets the local
 * user's ordinary key without typing one. Anyone else gets `{api_key: null}` (a 200, so the
 * studio can probe it without a console error). Requests that passed through a proxy (forwarding
 * headers) or name a non-loopback Host are never treated as local.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isLoopbackHost } from '../../auth/local-session.ts';
import { localSessionSchema } from '../../contract/accounts.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { jsonResponse } from '../openapi/responses.ts';

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

export const localSessionRoute = createRoute({
  method: 'get',
  path: '/v1/session/local',
  operationId: 'localSession',
  summary: 'Local auto-login: the local user key for loopback requests on a default install',
  tags: ['Account'],
  security: [],
  responses: { 200: jsonResponse(localSessionSchema, 'The key, or null when this request is not local.') },
});

export function registerSessionRoutes(app: GatewayApp, context: RouteContext): void {
  app.openapi(localSessionRoute, (c) => {
    const key = context.config.localSessionKey;
    const local = key !== undefined && isLocalRequest(c);
    c.header('cache-control', 'no-store');
    return c.json({ api_key: local ? (key ?? null) : null, local }, 200);
  });
}

function isLocalRequest(c: Context<AppEnv>): boolean {
  if (forwardingHeaders.some((name) => c.req.header(name) !== undefined)) return false;
  // A page from another site must never read the key, even with REELGATE_CORS_ORIGINS=*.
  if (c.req.header('sec-fetch-site') === 'cross-site') return false;
  const origin = c.req.header('origin');
  if (origin !== undefined && !isLoopbackOrigin(origin)) return false;
  const host = c.req.header('host');
  if (!host || !isLoopbackHost(host.replace(/:\d+$/, ''))) return false;
  const remote = remoteAddress(c);
  return remote !== undefined && isLoopbackHost(remote);
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** The socket's peer address under @hono/node-server; undefined elsewhere (e.g. app.request()). */
function remoteAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
