/**
 * What the start step does after a failed start (and the status step after a provider job that
 * failed without charge), before its own retry or failure handling:
 * counts an outage against the provider's shared circuit, and moves a generation that has a
 * fallback list to its next usable model when the failure proves no billable job exists
 * (src/core/fallback-policy.ts). The move re-maps the request (size, duration, options) to the
 * new model, re-estimates it and re-checks the account's budget, records the attempt, and
 * leaves the row due in `submitted` with a fresh idempotency key for the new provider.
 */
import { referenceWarning } from '../core/assets.ts';
import { type CircuitPolicy, circuitStatus, defaultCircuitPolicy } from '../core/circuit-breaker.ts';
import type { CatalogEntry } from '../core/catalog/catalog-entry.ts';
import { estimateSingle } from '../core/cost-estimate.ts';
import { deadlineFor, typicalMs } from '../core/deadline.ts';
import type { ReelgateError } from '../core/errors.ts';
import {
  decideFallback,
  type FallbackAttempt,
  type FallbackRoute,
  isOutageCode,
  optionsForModel,
} from '../core/fallback-policy.ts';
import { mapRequest } from '../core/request-mapping.ts';
import { resolveRequestOptions } from '../core/request-options.ts';
import { classifyStartFailure } from '../core/start-outcome.ts';
import type { Resolution } from '../core/generation.ts';
import type { GenerationInputs } from '../core/generation-inputs.ts';
import type { GenerationRow } from '../db/queries/generation-row.ts';
import { listProviderCircuits, recordProviderFailure } from '../db/queries/provider-circuit.ts';
import type { ProviderBinding } from '../providers/provider-port.ts';
import type { EngineDeps } from './engine-deps.ts';
import { checkFallbackBudget } from './fallback-budget.ts';
import { type Claim, commit, emit } from './step-context.ts';

export function circuitPolicyOf(deps: EngineDeps): CircuitPolicy {
  return (deps.policy as { circuit?: CircuitPolicy }).circuit ?? defaultCircuitPolicy;
}

/**
 * Returns true when the generation moved to another model (the caller stops there); false to
 * let the start step retry or fail as it would without a fallback list.
 */
export async function fallBackAfterStartFailure(
  deps: EngineDeps,
  claim: Claim,
  error: ReelgateError,
  /** The provider's job itself failed (known, ended, not charged): no other job can exist. */
  options: { jobFailed?: boolean } = {},
): Promise<boolean> {
  const row = claim.row;
  const now = deps.clock.now();
  if (isOutageCode(error.code)) {
    const state = await recordProviderFailure(
      deps.db,
      row.provider,
      `${error.code}: ${error.message}`,
      now,
      circuitPolicyOf(deps),
    );
    if (state.openedUntil !== null && state.openedUntil > now) {
      claim.log.warn({ provider: row.provider, until: state.openedUntil }, 'provider circuit open');
    }
  }
  const route = row.inputs.fallback;
  if (!route) return false;
  // An earlier attempt with this key on a deduplicating provider was re-sent without a lookup:
  // if it was ambiguous, a job may exist under the key, so this answer proves nothing.
  const earlierUnproven = row.start_attempts > 1 && claim.provider.deduplicatesStarts;
  const decision = decideFallback({
    code: error.code,
    outcome: options.jobFailed
      ? 'not_created'
      : earlierUnproven
        ? 'maybe_created'
        : classifyStartFailure(error),
    onRefusal: route.onRefusal,
    hasNext: route.index < route.models.length - 1,
  });
  if (!decision.fallBack) {
    claim.log.info({ code: error.code, reason: decision.reason }, 'no fallback');
    return false;
  }
  const attempts: FallbackAttempt[] = [
    ...route.attempts,
    {
      model: row.model,
      provider: row.provider,
      error: { code: error.code, message: error.message },
      costUsd: 0,
      atMs: now,
      outcome: 'failed',
    },
  ];
  const next = await pickNext(deps, row, route, attempts, now);
  if (!next) {
    await commit(deps, claim, 'submitted', {
      inputs: { ...row.inputs, fallback: { ...route, index: route.models.length - 1, attempts } },
    });
    return false;
  }
  const { entry, provider, plan } = next;
  const typical = typicalMs(deps, entry.id, plan.size, plan.durationSeconds, provider);
  const inputs: GenerationInputs = {
    ...row.inputs,
    fallback: { ...route, index: next.index, attempts },
  };
  if (Object.keys(plan.options).length > 0) inputs.options = plan.options;
  else delete inputs.options;
  const updated = await commit(deps, claim, 'submitted', {
    provider: entry.provider,
    model: entry.id,
    model_id: entry.modelId,
    size: plan.size,
    resolution: plan.resolution,
    duration_seconds: plan.durationSeconds,
    inputs,
    estimate: plan.estimate,
    warnings: [
      ...row.warnings,
      `${row.model} failed to start (${error.code}); fell back to ${entry.id}.`,
      ...plan.warnings,
    ],
    // A new logical start at another provider: its own key, its own attempt count.
    idempotency_key: `rg-${row.id}-m${next.index}`,
    start_attempts: 0,
    attempts: 0,
    operation: null,
    provider_job_id: null,
    provider_status: `fallback:${error.code}`,
    next_check_at: now,
    expected_total_ms: Math.round(typical),
    eta_at: Math.round(now + typical),
    deadline_at: deadlineFor(deps, now, typical, provider, entry.id),
  });
  claim.provider = provider;
  claim.log.info({ from: row.model, to: entry.id, code: error.code }, 'fell back to the next model');
  deps.metrics.providerCalls.inc({ provider: row.provider, call: 'fallback', outcome: error.code });
  emit(deps, 'generation:progress', updated);
  return true;
}

interface NextModel {
  index: number;
  entry: CatalogEntry;
  provider: ProviderBinding;
  plan: {
    size: string;
    resolution: Resolution;
    durationSeconds: number;
    options: ReturnType<typeof resolveRequestOptions>['options'];
    warnings: string[];
    estimate: ReturnType<typeof estimateSingle>;
  };
}

/** The next model after the current one that is configured, not cut off, fits the request and the budget. */
async function pickNext(
  deps: EngineDeps,
  row: GenerationRow,
  route: FallbackRoute,
  attempts: FallbackAttempt[],
  now: number,
): Promise<NextModel | undefined> {
  const circuits = new Map((await listProviderCircuits(deps.db)).map((state) => [state.provider, state]));
  const skip = (entryId: string, provider: string, code: string, message: string) =>
    attempts.push({
      model: entryId,
      provider,
      error: { code, message },
      costUsd: 0,
      atMs: now,
      outcome: 'skipped',
    });
  for (let index = route.index + 1; index < route.models.length; index++) {
    const name = route.models[index]!;
    const entry = deps.catalog.find(name);
    const provider = entry ? deps.providers.get(entry.provider) : undefined;
    if (!entry || !provider) {
      skip(name, entry?.provider ?? 'unknown', 'invalid_request', `${name} is not available here.`);
      continue;
    }
    const circuit = circuits.get(entry.provider);
    // The last model of the list is tried even with its circuit open: better a probe than no video.
    if (circuitStatus(circuit, now) === 'open' && index < route.models.length - 1) {
      skip(
        entry.id,
        entry.provider,
        'provider_unavailable',
        `${entry.provider} is cooling down after repeated outages.`,
      );
      continue;
    }
    if (row.inputs.reference && !entry.imageToVideo) {
      skip(
        entry.id,
        entry.provider,
        'invalid_request',
        `${entry.modelId} does not accept a reference image.`,
      );
      continue;
    }
    try {
      const mapped = mapRequest(entry, {
        resolution: route.requested.resolution as Resolution | null,
        size: route.requested.size,
        durationSeconds: route.requested.durationSeconds,
        aspectRatio: route.requested.options.aspectRatio,
      });
      const extras = resolveRequestOptions(entry, optionsForModel(entry, route.requested.options), {
        drawSeed: () => Math.floor(deps.random.next() * 2_147_483_647),
      });
      const estimate = estimateSingle(entry, mapped.size, mapped.durationSeconds);
      const budget = await checkFallbackBudget(deps, row, estimate.totalUsd);
      if (!budget.ok) {
        skip(entry.id, entry.provider, budget.error.code, budget.error.message);
        continue;
      }
      return {
        index,
        entry,
        provider,
        plan: {
          size: mapped.size.size,
          resolution: mapped.size.resolution,
          durationSeconds: mapped.durationSeconds,
          options: extras.options,
          warnings: [
            ...mapped.warnings,
            ...extras.warnings,
            // The request's assets stay with it; a model that takes none makes it from the prompt.
            ...[referenceWarning(entry, row.inputs.assets?.length ?? 0)].filter((w) => w !== undefined),
          ],
          estimate,
        },
      };
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      skip(entry.id, entry.provider, 'invalid_request', message);
    }
  }
  return undefined;
}
