/**
 * API key material: generation, hashing and comparison. Keys are 256-bit random strings, so a
 * plain sha256 is a safe one-way hash (no slow KDF needed: nothing to brute-force).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const apiKeyPrefix = 'rg_';
const displayPrefixLength = 10;

/** A new key: `rg_` followed by 43 base64url characters (32 random bytes). */
export function generateApiKey(): string {
  return apiKeyPrefix + randomBytes(32).toString('base64url');
}

/** Hex sha256 of the key: the only form stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The first characters of a key, safe to show. Generated keys keep 7 random characters after
 * `rg_` (42 bits of 256); configured keys may be weak, so only a quarter of them (at most 4).
 */
export function displayPrefix(key: string): string {
  if (key.startsWith(apiKeyPrefix) && key.length >= 40) return key.slice(0, displayPrefixLength);
  return key.slice(0, Math.min(4, Math.floor(key.length / 4)));
}

/** Constant-time comparison of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A short random id with a prefix, e.g. `key_9f3a…`. */
export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}
