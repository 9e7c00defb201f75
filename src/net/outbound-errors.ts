/**
 * Typed errors of the outbound guard. `reason` is the stable machine-readable cause; `code`
 * follows from it (bad destination = invalid_request, too big = payload_too_large, too slow =
 * timed_out, unreachable = download_failed), so callers branch on either, never on the message.
 */
import { type ErrorCode, ReelgateError } from '../core/errors.ts';

export type OutboundRefusalReason =
  | 'bad_url'
  | 'scheme_not_allowed'
  | 'credentials_in_url'
  | 'address_not_allowed'
  | 'dns_failed'
  | 'redirect_refused'
  | 'too_many_redirects'
  | 'response_too_large'
  | 'timed_out'
  | 'network_error';

const codes: Record<OutboundRefusalReason, ErrorCode> = {
  bad_url: 'invalid_request',
  scheme_not_allowed: 'invalid_request',
  credentials_in_url: 'invalid_request',
  address_not_allowed: 'invalid_request',
  redirect_refused: 'invalid_request',
  too_many_redirects: 'invalid_request',
  dns_failed: 'download_failed',
  network_error: 'download_failed',
  response_too_large: 'payload_too_large',
  timed_out: 'timed_out',
};

export class OutboundRequestError extends ReelgateError {
  readonly reason: OutboundRefusalReason;
  /** The destination, without query string or credentials (signed URLs carry secrets there). */
  readonly target: string | undefined;

  constructor(reason: OutboundRefusalReason, message: string, target?: URL | string, cause?: unknown) {
    const shown = target === undefined ? undefined : describeTarget(target);
    super({
      code: codes[reason],
      message,
      param: 'url',
      details: { reason, ...(shown ? { target: shown } : {}) },
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'OutboundRequestError';
    this.reason = reason;
    this.target = shown;
  }
}

export function isOutboundRequestError(error: unknown): error is OutboundRequestError {
  return error instanceof OutboundRequestError;
}

function describeTarget(target: URL | string): string {
  try {
    const url = typeof target === 'string' ? new URL(target) : target;
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
