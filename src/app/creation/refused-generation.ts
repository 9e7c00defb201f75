/**
 * A prompt refused by the pre-flight policy, recorded as a generation that ended `failed`
 * (never submitted, nothing paid). The compatible surfaces ask for this: their clients were
 * written to wait for `status: "failed"` and read the error from the job, as OpenAI reported
 * moderation in-band; reelgate's own API answers the refusal as a 400 instead.
 */
import type { ReelgateError } from '../../core/errors.ts';
import type { CreateGenerationInput, Generation } from '../../core/generation.ts';
import { mapRequest } from '../../core/request-mapping.ts';
import { toGeneration } from '../../db/queries/generation-row.ts';
import { insertGeneration } from '../../db/queries/insert-generation.ts';
import { updateByService } from '../../db/queries/update-generation.ts';
import { newGenerationId, newGenerationRow } from '../../worker/creation/row-factory.ts';
import type { EngineDeps } from '../../worker/engine-deps.ts';
import { providerFor } from './targets.ts';

export async function recordRefusedGeneration(
  deps: EngineDeps,
  options: { accountId: string; input: CreateGenerationInput; refusal: ReelgateError },
): Promise<Generation> {
  const { accountId, input, refusal } = options;
  // An unknown model or impossible size is still a plain 400: only the refusal becomes a job.
  const entry = deps.catalog.resolve(input.model, { resolution: input.resolution, size: input.size });
  const provider = providerFor(deps, entry);
  let size = entry.sizes.find((item) => item.size === entry.defaultSize) ?? entry.sizes[0]!;
  try {
    size = mapRequest(entry, { ...input, durationSeconds: null }).size;
  } catch {
    // Sizes are checked when a prompt is allowed; the refusal is what this record reports.
  }
  const asked = input.durationSeconds;
  const durationSeconds =
    asked !== undefined && Number.isFinite(asked) && asked > 0 ? asked : entry.defaultDurationSeconds;
  const id = newGenerationId(deps);
  const now = deps.clock.now();
  const row = newGenerationRow(deps, {
    id,
    accountId,
    model: entry.id,
    provider,
    modelId: entry.modelId,
    prompt: input.prompt.trim(),
    requested: {
      model: input.model ?? null,
      resolution: input.resolution ?? null,
      size: input.size ?? null,
      durationSeconds: input.durationSeconds ?? null,
      surface: input.surface,
    },
    size: size.size,
    resolution: size.resolution,
    durationSeconds,
    inputs: {},
    warnings: [],
    parentId: null,
    typicalMs: 0,
  });
  // Inserted final, with nothing due and nothing reserved: no worker claims it, no provider sees it.
  await insertGeneration(deps.db, {
    ...row,
    state: 'failed',
    next_check_at: null,
    deadline_at: null,
    eta_at: null,
    cost_usd: 0,
  });
  const failed = await updateByService(
    deps.db,
    { id, accountId, fromStates: ['failed'], actor: 'policy' },
    {
      error_code: refusal.code,
      error_message: refusal.message,
      error_retryable: false,
      error_hint: refusal.hint ?? null,
      completed_at: now,
    },
    now,
  );
  const generation = toGeneration(failed!);
  deps.logger.info(
    { generationId: id, details: refusal.details },
    'prompt refused before submission; recorded as failed',
  );
  deps.events.emit({ type: 'generation:failed', generation, at: now });
  return generation;
}
