/**
 * Variables whose names carry a part (see `variablePatterns` in ./variables.ts): named
 * OpenAI-compatible endpoints and per-provider rate limits.
 */
import type { ProviderSettings } from '../providers/settings.ts';
import { ConfigError } from './config-error.ts';

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `REELGATE_OPENAI_COMPAT_<NAME>_BASE_URL` (+ `_API_KEY`, `_WEBHOOK_SECRET`) -> provider `<name>`. */
export function openaiCompatibleEndpoints(env: Env): NonNullable<ProviderSettings['openaiCompatible']> {
  const endpoints: NonNullable<ProviderSettings['openaiCompatible']> = [];
  for (const [variable, value] of Object.entries(env)) {
    const match = /^REELGATE_OPENAI_COMPAT_([A-Z0-9_]+)_BASE_URL$/.exec(variable);
    const baseURL = nonEmpty(value);
    if (!match || !baseURL) continue;
    endpoints.push({
      name: match[1]!.toLowerCase().replace(/_/g, '-'),
      baseURL,
      apiKey: nonEmpty(env[`REELGATE_OPENAI_COMPAT_${match[1]}_API_KEY`]),
      webhookSecret: nonEmpty(env[`REELGATE_OPENAI_COMPAT_${match[1]}_WEBHOOK_SECRET`]),
    });
  }
  return endpoints;
}

/** `REELGATE_PROVIDER_RATE_LIMIT_<PROVIDER>=N` per minute, e.g. `_OPENAI=60`, `_DEFAULT=300`. */
export function providerRateLimits(env: Env): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const [name, raw] of Object.entries(env)) {
    const match = /^REELGATE_PROVIDER_RATE_LIMIT_([A-Z0-9_]+)$/.exec(name);
    if (!match || raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw new ConfigError(
        name,
        `must be a number of requests per minute (0 turns the limit off), got '${raw}'`,
      );
    }
    limits[match[1]!.toLowerCase().replace(/_/g, '-')] = value;
  }
  return limits;
}
