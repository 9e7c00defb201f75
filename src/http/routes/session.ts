/**
 * `GET /v1/session/local`: local auto-login for the studio. On a default single-machine install
 * (no configured keys, listening on loopback) a browser on the same machine gets the local
 * user's ordinary key without typing one. Anyone else gets `{api_key: null}` (a 200, so the
 * studio can probe it without a console error). Requests that passed through a proxy (forwarding
 * headers) or name a non-loopback Host are never treated as local.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { isLoopbackHost } from '../../auth/local-session.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi/registry.ts';

const sessionSchema = named(
  'LocalSession',
  z.object({ api_key: z.string().nullable(), local: z.boolean() }).describe('The local user key, or null.'),
);

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

export function registerSessionRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  context.registry.add({
    method: 'get',
    path: '/v1/session/local',
    operationId: 'localSession',
    summary: 'Local auto-login: the local user key for loopback requests on a default install',
    tags: ['Account'],
    security: 'none',
    responses: {
      '200': { description: 'The key, or null when this request is not local.', schema: sessionSchema },
    },
  });
  app.get('/v1/session/local', (c) => {
    const key = context.config.localSessionKey;
    const local = key !== undefined && isLocalRequest(c);
    c.header('cache-control', 'no-store');
    return c.json({ api_key: local ? key : null, local });
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
