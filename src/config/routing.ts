/**
 * Fallback routing and circuit breaking, from the variables `loadConfig` hands over:
 * - `REELGATE_DEFAULT_MODELS`: the server's default fallback list (`fal:...,google:...`), used
 *   when neither the request nor the account names a model;
 * - `REELGATE_MODEL_ALIASES`: named lists a request may give as its model
 *   (`fast=fal:fal-ai/veo3/fast,google:veo-3.1-fast-generate-preview;cheap=xai:grok-imagine-video`);
 * - `REELGATE_CIRCUIT_FAILURES` (default 5) consecutive outage errors open a provider's circuit
 *   for `REELGATE_CIRCUIT_COOLDOWN_SECONDS` (default 60).
 */
import { type CircuitPolicy, defaultCircuitPolicy } from '../core/circuit-breaker.ts';
import { type ModelChains, parseModelAliases, parseModelList } from '../core/fallback-policy.ts';

type Env = Readonly<Record<string, string | undefined>>;

export function modelChainsFromEnv(env: Env): ModelChains {
  return {
    aliases: parseModelAliases(env.REELGATE_MODEL_ALIASES),
    serverDefault: parseModelList(env.REELGATE_DEFAULT_MODELS),
  };
}

export function circuitPolicyFromEnv(env: Env): CircuitPolicy {
  const failures = Number(env.REELGATE_CIRCUIT_FAILURES);
  const seconds = Number(env.REELGATE_CIRCUIT_COOLDOWN_SECONDS);
  return {
    failureThreshold:
      Number.isInteger(failures) && failures > 0 ? failures : defaultCircuitPolicy.failureThreshold,
    coolDownMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultCircuitPolicy.coolDownMs,
  };
}
