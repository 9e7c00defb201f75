import type { Context } from 'hono';
import { type FaultName, parseFaultHeader } from '../../core/faults.ts';

/** The Idempotency-Key header, if present and non-empty. */
export function idempotencyKeyOf(c: Context): string | null {
  const key = c.req.header('idempotency-key')?.trim();
  return key ? key.slice(0, 256) : null;
}

/** Faults forced by an `X-Emulator-Fault` header on this request. */
export function headerFaultsOf(c: Context): Set<FaultName> {
  return parseFaultHeader(c.req.header('x-emulator-fault'));
}
