/**
 * Whether a failed billable start may have made a job at the provider. A failure is
 * `not_created` only when the request certainly never made one: it was refused before any byte
 * was sent (connection refused, DNS failure, a destination the outbound guard refuses) or the
 * provider answered with a status that means "rejected, nothing made" (400, 401, 403, 404, 405, 413, 415, 422,
 * and 429 unless the provider documents that a rate-limited create may still run). Everything
 * else — timeouts and resets after the body was sent, 5xx, unknown errors — is `maybe_created`:
 * re-sending could pay for a second job, so the caller reconciles or re-sends with the same key.
 *
 * The function reads error shapes only (status codes and Node error codes along the `cause`
 * chain); it does no I/O.
 */
import { ReelgateError } from './errors.ts';

export type StartOutcome = 'not_created' | 'maybe_created';

export interface StartOutcomeOptions {
  /** True when the provider documents (or may) that a 429 create can still make a job. */
  rateLimitedMayCreate?: boolean;
}

/** HTTP statuses after which the provider made no job. */
const notCreatedStatuses = new Set([400, 401, 403, 404, 405, 413, 415, 422]);

/** Node/undici error codes raised before any request byte reached the provider. */
const beforeSendCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** Outbound-guard refusal reasons that happen before a connection is attempted. */
const beforeSendReasons = new Set([
  'bad_url',
  'scheme_not_allowed',
  'credentials_in_url',
  'address_not_allowed',
  'dns_failed',
]);

/** ReelgateError codes that are only ever raised for a request the provider refused outright. */
const refusedCodes = new Set(['invalid_request', 'input_refused', 'unauthorized', 'forbidden']);

/** True when the provider answered the request (an HTTP status), so it is no longer processing it. */
export function providerAnswered(error: unknown): boolean {
  return causeChain(error).some((link) => providerStatusOf(link) !== undefined);
}

export function classifyStartFailure(error: unknown, options: StartOutcomeOptions = {}): StartOutcome {
  const chain = causeChain(error);
  // An HTTP status anywhere in the chain is the strongest fact: the provider answered.
  for (const link of chain) {
    const status = providerStatusOf(link);
    if (status === undefined) continue;
    if (notCreatedStatuses.has(status)) return 'not_created';
    if (status === 429) return options.rateLimitedMayCreate ? 'maybe_created' : 'not_created';
    return 'maybe_created';
  }
  for (const link of chain) {
    const code = stringProp(link, 'code');
    if (code !== undefined && beforeSendCodes.has(code)) return 'not_created';
    const reason = reasonOf(link);
    if (reason !== undefined && beforeSendReasons.has(reason)) return 'not_created';
  }
  const first = chain[0];
  if (first instanceof ReelgateError) {
    if (refusedCodes.has(first.code)) return 'not_created';
    if (first.code === 'provider_rate_limited') {
      return options.rateLimitedMayCreate ? 'maybe_created' : 'not_created';
    }
  }
  return 'maybe_created';
}

/** The error, then its causes (bounded, cycle-safe). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/**
 * The provider's HTTP status carried by an error: `statusCode` (AI SDK's APICallError and the
 * adapters' errors), `status` on anything that is not a ReelgateError (whose `status` is
 * reelgate's own answer, not the provider's), or a numeric `details.providerCode`.
 */
function providerStatusOf(link: unknown): number | undefined {
  if (typeof link !== 'object' || link === null) return undefined;
  const record = link as Record<string, unknown>;
  if (isHttpStatus(record.statusCode)) return record.statusCode;
  if (!(link instanceof ReelgateError) && isHttpStatus(record.status)) return record.status;
  if (link instanceof ReelgateError) {
    const providerCode = link.details?.providerCode;
    if (typeof providerCode === 'string' && /^\d{3}$/.test(providerCode)) return Number(providerCode);
  }
  return undefined;
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value < 600;
}

function stringProp(link: unknown, key: string): string | undefined {
  if (typeof link !== 'object' || link === null) return undefined;
  const value = (link as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** `reason` directly on the error or inside its `details` (the outbound guard's errors). */
function reasonOf(link: unknown): string | undefined {
  const direct = stringProp(link, 'reason');
  if (direct !== undefined) return direct;
  const nested = link instanceof ReelgateError ? link.details?.reason : undefined;
  return typeof nested === 'string' ? nested : undefined;
}
