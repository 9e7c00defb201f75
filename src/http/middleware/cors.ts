import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.ts';

export interface CorsPolicyOptions {
  /** Allowed origins (exact, e.g. `https://app.example`); `*` allows any. Empty: no cross-origin access. */
  origins?: readonly string[];
  maxAgeSeconds?: number;
}

/**
 * CORS for configured origins only (REELGATE_CORS_ORIGINS). A request from any other origin gets
 * no `Access-Control-Allow-*` headers, so browsers refuse it.
 */
export function corsPolicy(options: CorsPolicyOptions = {}): MiddlewareHandler<AppEnv> {
  const origins = new Set((options.origins ?? []).map((origin) => origin.replace(/\/+$/, '')));
  const anyOrigin = origins.has('*');
  return cors({
    origin: (origin) => (origin && (anyOrigin || origins.has(origin)) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
    // allowHeaders left empty: the preflight's requested headers are reflected (the OpenAI SDK
    // sends several x-stainless-* headers from browsers).
    exposeHeaders: ['Content-Range', 'Content-Length', 'Accept-Ranges', 'X-Request-Id', 'Retry-After'],
    maxAge: options.maxAgeSeconds ?? 600,
  }) as MiddlewareHandler<AppEnv>;
}
