/**
 * The generation state machine: which moves are allowed, and how internal states read to apps.
 * Pure: the worker and the service ask it before every write, so an illegal move is a bug that
 * surfaces as an `internal` error instead of a silently corrupted row.
 */
import { ReelgateError } from './errors.ts';
import { finalStates, type GenerationState, type PublicStatus } from './generation.ts';

const transitions: Record<GenerationState, readonly GenerationState[]> = {
  // accepted -> submitted happens before the start is sent, so a crash after sending is
  // reconciled by re-sending with the same idempotency key.
  accepted: ['submitted', 'failed', 'canceled', 'expired'],
  // submitted -> submitted: a retried start (same key) after a retryable failure.
  submitted: ['submitted', 'running', 'downloading', 'failed', 'canceled', 'expired'],
  // running -> submitted: the provider's job failed retryably; a new logical start (new key).
  running: ['running', 'submitted', 'downloading', 'failed', 'canceled', 'expired'],
  // downloading -> running: a result that vanished on a transient error is re-checked.
  downloading: ['downloading', 'running', 'stored', 'failed', 'canceled', 'expired'],
  stored: ['completed', 'failed', 'canceled'],
  completed: [],
  failed: [],
  canceled: [],
  expired: [],
};

export function canTransition(from: GenerationState, to: GenerationState): boolean {
  return transitions[from].includes(to);
}

/** Throws an `internal` ReelgateError when the move is not allowed. */
export function assertTransition(from: GenerationState, to: GenerationState): void {
  if (!canTransition(from, to)) {
    throw new ReelgateError({
      code: 'internal',
      message: `Illegal generation state change ${from} -> ${to}.`,
      retryable: false,
    });
  }
}

export function isFinalState(state: GenerationState): boolean {
  return finalStates.has(state);
}

/** States the worker still has to drive (claimable work). */
export const activeStates: readonly GenerationState[] = [
  'accepted',
  'submitted',
  'running',
  'downloading',
  'stored',
];

/**
 * The one status vocabulary apps see. `stored` is internal bookkeeping (our copy exists, the
 * row is being finalised), so it still reads as `downloading` until `completed`.
 */
export function publicStatus(state: GenerationState, providerStarted: boolean): PublicStatus {
  switch (state) {
    case 'accepted':
      return 'queued';
    case 'submitted':
      return 'queued';
    case 'running':
      return providerStarted ? 'running' : 'queued';
    case 'downloading':
    case 'stored':
      return 'downloading';
    default:
      return state;
  }
}
