/**
 * Verifying fal's webhooks: fal signs `request_id \n user_id \n timestamp \n sha256_hex(body)`
 * with ED25519 and sends it hex-encoded in `X-Fal-Webhook-Signature`; the public keys are a
 * JWKS document (https://rest.alpha.fal.ai/.well-known/jwks.json, or the emulator's
 * `/fal/.well-known/jwks.json`). Keys are cached and fetched again once when no key verifies.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { ReelgateError } from '../../core/errors.ts';
import type { VerifiedWebhook } from '../provider-port.ts';

export const FAL_JWKS_URL = 'https://rest.alpha.fal.ai/.well-known/jwks.json';

export interface FalWebhookVerifierOptions {
  jwksUrl: string;
  fetch: typeof fetch;
  now: () => number;
  /** Accepted clock difference (default 300 s). */
  toleranceSeconds?: number;
  /** How long fetched keys are trusted (default 24 h). */
  keyCacheMs?: number;
}

export function falWebhookVerifier(
  options: FalWebhookVerifierOptions,
): (rawBody: string, headers: Headers) => Promise<VerifiedWebhook> {
  let cached: { keys: KeyObject[]; atMs: number } | undefined;
  const loadKeys = async (fresh: boolean): Promise<KeyObject[]> => {
    if (!fresh && cached && options.now() - cached.atMs < (options.keyCacheMs ?? 24 * 3600 * 1000))
      return cached.keys;
    const response = await options.fetch(options.jwksUrl, { headers: { accept: 'application/json' } });
    if (!response.ok) throw rejected(`could not fetch fal's webhook keys (HTTP ${response.status})`);
    const document = (await response.json()) as { keys?: Array<Record<string, unknown>> };
    const keys = (document.keys ?? []).flatMap((jwk) => {
      try {
        return [createPublicKey({ key: jwk as never, format: 'jwk' })];
      } catch {
        return [];
      }
    });
    cached = { keys, atMs: options.now() };
    return keys;
  };
  return async (rawBody, headers) => {
    const requestId = headers.get('x-fal-webhook-request-id');
    const userId = headers.get('x-fal-webhook-user-id');
    const timestamp = headers.get('x-fal-webhook-timestamp');
    const signatureHex = headers.get('x-fal-webhook-signature');
    if (!requestId || !userId || !timestamp || !signatureHex || !/^[0-9a-f]+$/i.test(signatureHex)) {
      throw rejected('missing or malformed X-Fal-Webhook-* headers');
    }
    const seconds = Number(timestamp);
    if (
      !Number.isFinite(seconds) ||
      Math.abs(options.now() / 1000 - seconds) > (options.toleranceSeconds ?? 300)
    ) {
      throw rejected('timestamp outside the accepted window');
    }
    const message = Buffer.from(
      [requestId, userId, timestamp, createHash('sha256').update(rawBody).digest('hex')].join('\n'),
    );
    const signature = Buffer.from(signatureHex, 'hex');
    const matches = (keys: KeyObject[]) => keys.some((key) => verify(null, message, key, signature));
    if (!matches(await loadKeys(false)) && !matches(await loadKeys(true)))
      throw rejected('signature does not verify');
    let body: { request_id?: unknown; status?: unknown };
    try {
      body = JSON.parse(rawBody) as typeof body;
    } catch {
      throw rejected('body is not JSON');
    }
    const jobId = typeof body.request_id === 'string' ? body.request_id : requestId;
    return {
      eventId: `fal:${jobId}`,
      type: `fal.${typeof body.status === 'string' ? body.status.toLowerCase() : 'unknown'}`,
      jobId,
    };
  };
}

function rejected(reason: string): ReelgateError {
  return new ReelgateError({ code: 'unauthorized', message: `fal webhook rejected: ${reason}.` });
}
