/**
 * Request helpers the provider faces (fal, google, replicate, xai) share: JSON bodies, the
 * origin a client reached us through, idempotency keys and fault headers.
 */
import type { Context } from 'hono';
import { type FaultName, parseFaultHeader } from '../../core/faults.ts';

/** Why a body could not be read; each face turns it into its own error envelope. */
export class BodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Largest JSON body a face accepts (reference images arrive inline as base64). */
export const MAX_JSON_BYTES = 30 * 1024 * 1024;

/** The request's JSON body as a plain object; BodyError when it is missing or malformed. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > MAX_JSON_BYTES) throw new BodyError('Request body too large.');
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new BodyError('Could not read the request body.');
  }
  if (text.length > MAX_JSON_BYTES) throw new BodyError('Request body too large.');
  if (text.trim() === '') throw new BodyError('Request body is empty; expected a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyError('Request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BodyError('Request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** The emulator's own origin as this request reached it, e.g. http://127.0.0.1:4010. */
export function ownOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

/**
 * The origin the client believes it is talking to. An origin-rewriting client (reelgate's
 * `REELGATE_FAL_ORIGIN` fetch, or any reverse proxy) sends `X-Forwarded-Host` / `-Proto`, and
 * URLs the provider hands back (fal's status and response URLs) must be on that origin so the
 * client's same-origin checks pass. Without those headers it is the emulator's own origin.
 */
export function publicOrigin(c: Context): { origin: string; forwarded: boolean } {
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  if (!host || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) return { origin: ownOrigin(c), forwarded: false };
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return { origin: `${proto === 'http' ? 'http' : 'https'}://${host}`, forwarded: true };
}

/** The Idempotency-Key header, if present and non-empty. */
export function idempotencyKeyOf(c: Context): string | null {
  const key = c.req.header('idempotency-key')?.trim();
  return key ? key.slice(0, 256) : null;
}

/** Faults forced by an `X-Emulator-Fault` header on this request. */
export function headerFaultsOf(c: Context): Set<FaultName> {
  return parseFaultHeader(c.req.header('x-emulator-fault'));
}

/** A string field, or undefined when absent/null; `wrongType` when present with another type. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined | 'wrongType' {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : 'wrongType';
}
