/**
 * Security headers on every response of the gateway (studio, API, files, errors):
 * - `X-Content-Type-Options: nosniff`, so a browser never runs a file as something else;
 * - frame denial twice (`X-Frame-Options: DENY` for old browsers, CSP `frame-ancestors 'none'`);
 * - `Referrer-Policy: no-referrer`, so URLs (signed links carry their signature) do not leak;
 * - a Content-Security-Policy: for HTML (the studio's Vite build, the docs page) scripts and
 *   styles from the gateway itself only (inline styles allowed: the docs and fallback pages use a
 *   `<style>` block), images and media from self plus `blob:`/`data:`; every other response gets
 *   `default-src 'none'`, so a JSON body or a stored file opened directly can run nothing.
 * Headers a route set itself are kept (a route knows better).
 *
 * @example
 * app.use(securityHeaders({ extraOrigins: ['https://videos.example'] }));
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export interface SecurityHeadersOptions {
  /**
   * Other origins the studio may load media from and talk to, e.g. the origin of
   * REELGATE_PUBLIC_URL when signed links point there rather than at the page's own origin.
   */
  extraOrigins?: readonly string[] | undefined;
}

/** The studio's policy: what a Vite build of web/ needs and nothing more. */
export function studioContentSecurityPolicy(extraOrigins: readonly string[] = []): string {
  const extra = extraOrigins.length > 0 ? ` ${extraOrigins.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data:${extra}`,
    `media-src 'self' blob: data:${extra}`,
    `connect-src 'self'${extra}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For anything that is not a page: nothing may load or run, nothing may frame it. */
export const resourceContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler<AppEnv> {
  const extra = [...new Set((options.extraOrigins ?? []).map(originOf).filter((o) => o !== undefined))];
  const studioPolicy = studioContentSecurityPolicy(extra);
  return async function securityHeadersMiddleware(c, next) {
    await next();
    const headers = c.res.headers;
    const setDefault = (name: string, value: string) => {
      if (!headers.has(name)) headers.set(name, value);
    };
    const isHtml = (headers.get('content-type') ?? '').toLowerCase().startsWith('text/html');
    setDefault('content-security-policy', isHtml ? studioPolicy : resourceContentSecurityPolicy);
    setDefault('x-content-type-options', 'nosniff');
    setDefault('x-frame-options', 'DENY');
    setDefault('referrer-policy', 'no-referrer');
    setDefault('cross-origin-opener-policy', 'same-origin');
    setDefault('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  };
}
