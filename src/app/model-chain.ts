/**
 * Expands what a create names as its model into the ordered fallback list it stands for: a
 * list given in the request, an alias for one (`REELGATE_MODEL_ALIASES`), else the account's
 * default list, else the server's (`REELGATE_DEFAULT_MODELS`). Every name must be a known model
 * (a 400 otherwise). The generation starts on the first model whose provider is configured and
 * whose circuit is not open; the ones passed over are recorded as skipped attempts.
 */
import { circuitStatus } from '../core/circuit-breaker.ts';
import type { CreateGenerationInput } from '../core/generation.ts';
import {
  type FallbackAttempt,
  type FallbackRoute,
  checkListProviderOptions,
  type ModelChains,
  resolveModelNames,
} from '../core/fallback-policy.ts';
import { readAccountDefaultModels } from '../db/queries/account-default-models.ts';
import { listProviderCircuits } from '../db/queries/provider-circuit.ts';
import type { EngineDeps } from '../worker/engine-deps.ts';

export interface ExpandedModels {
  /** The input with `model` set to the model to start on (unchanged without a list). */
  input: CreateGenerationInput;
  /** The fallback route to store, when the request resolved to more than one model. */
  route?: FallbackRoute;
}

export async function expandModelChain(
  deps: EngineDeps,
  chains: ModelChains,
  accountId: string,
  input: CreateGenerationInput,
  /** The account's default list, read only when the request names no model (default: its own query). */
  accountDefaults: () => Promise<string[] | undefined> = () => readAccountDefaultModels(deps.db, accountId),
): Promise<ExpandedModels> {
  if (input.parentId) return { input };
  const named = input.models ?? input.model;
  const accountDefault =
    named === undefined || (Array.isArray(named) && named.length === 0) ? await accountDefaults() : undefined;
  const names = resolveModelNames(named, accountDefault, chains);
  if (names.length <= 1) return { input: { ...input, model: names[0] ?? input.model, models: undefined } };
  const entries = names.map((name) => deps.catalog.resolve(name));
  checkListProviderOptions(entries, input.options ?? {});
  const ids = [...new Set(entries.map((entry) => entry.id))];
  const now = deps.clock.now();
  const circuits = new Map((await listProviderCircuits(deps.db)).map((state) => [state.provider, state]));
  const attempts: FallbackAttempt[] = [];
  let start = -1;
  for (const [index, id] of ids.entries()) {
    const entry = deps.catalog.find(id)!;
    const last = index === ids.length - 1;
    let reason: { code: string; message: string } | undefined;
    if (!deps.providers.has(entry.provider)) {
      reason = { code: 'invalid_request', message: `provider ${entry.provider} is not configured here.` };
    } else if (circuitStatus(circuits.get(entry.provider), now) === 'open' && !last) {
      reason = {
        code: 'provider_unavailable',
        message: `${entry.provider} is cooling down after repeated outages.`,
      };
    }
    if (!reason) {
      start = index;
      break;
    }
    attempts.push({
      model: id,
      provider: entry.provider,
      error: reason,
      costUsd: 0,
      atMs: now,
      outcome: 'skipped',
    });
  }
  // Nothing usable: start on the first, whose own checks give the error the caller should see.
  if (start < 0) return { input: { ...input, model: ids[0], models: undefined } };
  return {
    input: { ...input, model: ids[start], models: undefined },
    route: {
      models: ids,
      index: start,
      onRefusal: input.fallbackOnRefusal === true,
      requested: {
        resolution: input.resolution ?? null,
        size: input.size ?? null,
        durationSeconds: input.durationSeconds ?? null,
        options: input.options ?? {},
      },
      attempts,
    },
  };
}
