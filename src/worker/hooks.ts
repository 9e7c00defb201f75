/**
 * Points in a step where a test seam may act (crash tests kill the process there). Injected
 * through the worker's constructor by test fixtures; production passes none.
 */
export type StepPoint =
  /** The start request is about to be sent. */
  | 'start:before-send'
  /** The provider accepted the start; nothing recorded yet. */
  | 'start:sent'
  /** A status check answered; nothing recorded yet. */
  | 'status:checked'
  /** Some bytes of the result are in the temporary file. */
  | 'download:partial'
  /** The copy is in storage; the row does not say so yet. */
  | 'download:stored';

export interface WorkerHooks {
  at?(point: StepPoint, generationId: string): void | Promise<void>;
}
