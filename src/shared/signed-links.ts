/**
 * Signed file links: `/files/{id}/{variant}?sig=…` URLs that work in a plain `<video src>`
 * without any header. The signature is an HMAC over the account, generation id and variant with
 * a server secret, so links cannot be guessed or moved to another video; they stay valid until
 * the video is deleted (the file lookup then fails).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VideoVariant } from '../core/generation.ts';

function mac(secret: string, accountId: string, id: string, variant: VideoVariant): string {
  return createHmac('sha256', secret)
    .update(`reelgate-file-v1\n${accountId}\n${id}\n${variant}`)
    .digest('base64url');
}

/** The `sig` value for one file: `<base64url account id>.<hmac>`. */
export function signFileLink(secret: string, accountId: string, id: string, variant: VideoVariant): string {
  return `${Buffer.from(accountId, 'utf8').toString('base64url')}.${mac(secret, accountId, id, variant)}`;
}

/** The account the link was made for, or undefined when the signature does not match. */
export function verifyFileLink(
  secret: string,
  id: string,
  variant: VideoVariant,
  signature: string | undefined,
): string | undefined {
  if (!signature) return undefined;
  const dot = signature.indexOf('.');
  if (dot <= 0) return undefined;
  const accountId = Buffer.from(signature.slice(0, dot), 'base64url').toString('utf8');
  const given = Buffer.from(signature.slice(dot + 1), 'utf8');
  const expected = Buffer.from(mac(secret, accountId, id, variant), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return accountId;
}

/** Builds absolute signed URLs for one request's base URL. */
export type FileLinker = (accountId: string, id: string, variant: VideoVariant) => string;

export function createFileLinker(baseUrl: string, secret: string): FileLinker {
  const base = baseUrl.replace(/\/+$/, '');
  return (accountId, id, variant) =>
    `${base}/files/${encodeURIComponent(id)}/${variant}?sig=${signFileLink(secret, accountId, id, variant)}`;
}
