/**
 * `createGeneration`: writes a new row, its estimate and its spend reservation in one
 * transaction, after the budget admission under the account's lock in that same transaction.
 * Plain generations, remixes, long videos, storyboards and segments all come through here.
 */
import type { AdmissionRequest } from '../../core/admission.ts';
import { toGeneration, type GenerationRow } from '../../db/queries/generation-row.ts';
import { insertGeneration, type NewGenerationRow } from '../../db/queries/insert-generation.ts';
import type { AccountLimits } from '../../db/queries/segments.ts';
import type { EngineDeps } from '../engine-deps.ts';
import { openGenerationTrace } from '../step-telemetry.ts';
import { admitBudgetLocked } from './admit.ts';

export interface CreateGenerationRequest {
  row: NewGenerationRow;
  /** Budget admission of a top-level generation: the account, its limits and the request. */
  admission?: {
    accountId: string;
    limits: AccountLimits;
    request: Pick<AdmissionRequest, 'costUsd' | 'concurrentJobs'>;
  };
  /** The hold on the account's budget (a top-level generation's estimate). */
  reserveUsd?: number | undefined;
}

export async function createGeneration(
  deps: EngineDeps,
  request: CreateGenerationRequest,
): Promise<GenerationRow> {
  if (request.row.trace_context !== undefined) return write(deps, request);
  // One trace per generation, opened here and continued by whichever worker runs its steps.
  const trace = openGenerationTrace(deps, request.row, {
    prompt: request.row.prompt,
    surface: request.row.requested.surface,
  });
  try {
    return await write(deps, { ...request, row: { ...request.row, trace_context: trace.traceContext } });
  } finally {
    trace.span.end();
  }
}

async function write(deps: EngineDeps, request: CreateGenerationRequest): Promise<GenerationRow> {
  const { row, admission } = request;
  const reservation =
    request.reserveUsd !== undefined
      ? { accountId: admission?.accountId ?? row.account_id, amountUsd: request.reserveUsd }
      : undefined;
  const limited =
    admission &&
    (admission.limits.dailyUsd != null ||
      admission.limits.monthlyUsd != null ||
      admission.limits.maxConcurrent != null);
  if (!limited) {
    // One statement (row + reservation) is its own transaction: the common path is one round trip.
    return insertGeneration(deps.db, row, reservation);
  }
  return deps.db.transaction(async (tx) => {
    await admitBudgetLocked(tx, admission.accountId, admission.limits, admission.request, deps.clock.now());
    return insertGeneration(tx, row, reservation);
  });
}

/** After the commit: metrics, the log line, the `generation:accepted` event and a worker wake-up. */
export function announceCreated(
  deps: EngineDeps,
  row: GenerationRow,
  wake: () => void,
  details: Record<string, unknown> = {},
): void {
  deps.metrics.created.inc({ model: row.model });
  deps.logger.info(
    { generationId: row.id, model: row.model, size: row.size, seconds: row.duration_seconds, ...details },
    'generation accepted',
  );
  deps.events.emit({ type: 'generation:accepted', generation: toGeneration(row), at: row.created_at });
  wake();
}
