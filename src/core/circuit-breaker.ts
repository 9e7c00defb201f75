/**
 * Per-provider circuit breaking: after `failureThreshold` consecutive outage errors a provider's
 * circuit opens for `coolDownMs`, and fallback lists skip it; once the cool-down has passed the
 * next start is a probe (half-open): a success closes the circuit, a failure opens it again.
 * The counting itself is one SQL statement shared by every worker
 * (src/db/queries/provider-circuit.ts); this file reads the state. Pure.
 */

export interface CircuitPolicy {
  failureThreshold: number;
  coolDownMs: number;
}

export const defaultCircuitPolicy: CircuitPolicy = { failureThreshold: 5, coolDownMs: 60_000 };

export interface CircuitState {
  provider: string;
  consecutiveFailures: number;
  /** Unix ms until which the provider is skipped; null when the circuit never opened. */
  openedUntil: number | null;
  lastError: string | null;
}

export type CircuitStatus = 'closed' | 'open' | 'half_open';

export function circuitStatus(state: CircuitState | undefined, nowMs: number): CircuitStatus {
  if (!state || state.openedUntil === null) return 'closed';
  return nowMs < state.openedUntil ? 'open' : 'half_open';
}
