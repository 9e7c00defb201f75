/**
 * The provider registry: which providers this process can use, each enabled by its credential
 * and each with an overridable base URL, plus any other `VideoModelV4` registered in code.
 *
 * | provider | credential | base URL / origin settings |
 * |---|---|---|
 * | fal | FAL_KEY (or FAL_API_KEY) | FAL_BASE_URL; REELGATE_FAL_ORIGIN (where https://queue.fal.run goes); REELGATE_FAL_JWKS_URL |
 * | google | GOOGLE_GENERATIVE_AI_API_KEY | GOOGLE_GENERATIVE_AI_BASE_URL |
 * | replicate | REPLICATE_API_TOKEN | REPLICATE_BASE_URL; REPLICATE_WEBHOOK_SECRET |
 * | xai | XAI_API_KEY | XAI_BASE_URL |
 * | openai | OPENAI_API_KEY | OPENAI_BASE_URL; OPENAI_WEBHOOK_SECRET |
 * | <name> | REELGATE_OPENAI_COMPAT_<NAME>_API_KEY | REELGATE_OPENAI_COMPAT_<NAME>_BASE_URL (required) |
 *
 * A provider whose base URL (or origin) is on a loopback host is treated as emulated: its
 * timings run at REELGATE_EMULATOR_SPEED. REELGATE_PUBLIC_URL (reelgate's own public URL)
 * turns on per-job webhooks for providers that take them (Replicate, fal).
 *
 * @example
 * const registry = providersFromEnv({ env: process.env });
 * registry.registerCustom('acme', (modelId) => myVideoModelV4(modelId));
 * const engineProviders = registry.bindings(); // Map<string, ProviderBinding> for the engine
 */
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { openaiCompatibleBinding } from '../worker/providers/openai-compatible.ts';
import type { ProviderBinding } from '../worker/provider-port.ts';
import { customBinding } from './ai-sdk-common/binding.ts';
import { falBinding } from './fal/fal-provider.ts';
import { googleBinding } from './google/google-provider.ts';
import { createOpenAICompatible } from './openai-compatible/index.ts';
import { replicateBinding } from './replicate/replicate-provider.ts';
import { xaiBinding } from './xai/xai-provider.ts';

export type ProviderKind = 'fal' | 'google' | 'replicate' | 'xai' | 'openai-compatible' | 'custom';

/** What may be shown about a provider (never its credential). */
export interface ProviderDescription {
  name: string;
  kind: ProviderKind;
  baseURL: string | null;
  emulated: boolean;
}

export interface ProvidersFromEnvOptions {
  env: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  now?: () => number;
}

export class ProviderRegistry {
  readonly #bindings = new Map<string, ProviderBinding>();
  readonly #descriptions = new Map<string, ProviderDescription>();

  /** Adds (or replaces) a provider binding. */
  register(
    binding: ProviderBinding,
    description: Omit<ProviderDescription, 'name'> = {
      kind: 'custom',
      baseURL: null,
      emulated: binding.emulated,
    },
  ): void {
    this.#bindings.set(binding.name, binding);
    this.#descriptions.set(binding.name, { name: binding.name, ...description });
  }

  /**
   * Registers any `VideoModelV4` factory under a provider name; `name:model-id` then routes
   * to `createModel('model-id')` (add catalog entries for it to list it and price it).
   *
   * @example
   * registry.registerCustom('acme', (modelId) => createAcme({ apiKey }).video(modelId));
   */
  registerCustom(
    name: string,
    createModel: (modelId: string) => VideoModelV4,
    options: { secrets?: string[]; emulated?: boolean } = {},
  ): void {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
      throw new Error(`Invalid provider name '${name}': use lower-case letters, digits and hyphens.`);
    this.register(customBinding(name, createModel, options), {
      kind: 'custom',
      baseURL: null,
      emulated: options.emulated ?? false,
    });
  }

  get(name: string): ProviderBinding | undefined {
    return this.#bindings.get(name);
  }

  /** The bindings keyed by provider name, as the engine takes them. */
  bindings(): ReadonlyMap<string, ProviderBinding> {
    return new Map(this.#bindings);
  }

  names(): Set<string> {
    return new Set(this.#bindings.keys());
  }

  describe(): ProviderDescription[] {
    return [...this.#descriptions.values()];
  }

  /** Providers of a kind (e.g. every OpenAI-compatible endpoint). */
  ofKind(kind: ProviderKind): string[] {
    return this.describe()
      .filter((item) => item.kind === kind)
      .map((item) => item.name);
  }
}

/** Builds the registry from environment variables (see the table above). */
export function providersFromEnv(options: ProvidersFromEnvOptions): ProviderRegistry {
  const env = options.env;
  const registry = new ProviderRegistry();
  const speed = positiveNumber(env.REELGATE_EMULATOR_SPEED) ?? 1;
  const common = (url: string | undefined) => {
    const emulated = url !== undefined && isLoopbackUrl(url);
    return {
      emulated,
      timeScale: emulated ? speed : 1,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    };
  };
  const publicUrl = nonEmpty(env.REELGATE_PUBLIC_URL)?.replace(/\/+$/, '');
  const webhookFor = (name: string) => (publicUrl ? `${publicUrl}/webhooks/providers/${name}` : undefined);

  const falKey = nonEmpty(env.FAL_KEY) ?? nonEmpty(env.FAL_API_KEY);
  if (falKey) {
    const origin = nonEmpty(env.REELGATE_FAL_ORIGIN);
    const baseURL = nonEmpty(env.FAL_BASE_URL);
    registry.register(
      falBinding({
        apiKey: falKey,
        origin,
        baseURL,
        webhookUrl: webhookFor('fal'),
        ...common(origin ?? baseURL),
      }),
      {
        kind: 'fal',
        baseURL: origin ?? baseURL ?? 'https://queue.fal.run',
        emulated: common(origin ?? baseURL).emulated,
      },
    );
  }
  const googleKey = nonEmpty(env.GOOGLE_GENERATIVE_AI_API_KEY);
  if (googleKey) {
    const baseURL = nonEmpty(env.GOOGLE_GENERATIVE_AI_BASE_URL);
    registry.register(googleBinding({ apiKey: googleKey, baseURL, ...common(baseURL) }), {
      kind: 'google',
      baseURL: baseURL ?? 'https://generativelanguage.googleapis.com/v1beta',
      emulated: common(baseURL).emulated,
    });
  }
  const replicateToken = nonEmpty(env.REPLICATE_API_TOKEN);
  if (replicateToken) {
    const baseURL = nonEmpty(env.REPLICATE_BASE_URL);
    const webhookSecret = nonEmpty(env.REPLICATE_WEBHOOK_SECRET);
    registry.register(
      replicateBinding({
        apiToken: replicateToken,
        baseURL,
        webhookSecret,
        webhookUrl: webhookSecret ? webhookFor('replicate') : undefined,
        ...common(baseURL),
      }),
      {
        kind: 'replicate',
        baseURL: baseURL ?? 'https://api.replicate.com/v1',
        emulated: common(baseURL).emulated,
      },
    );
  }
  const xaiKey = nonEmpty(env.XAI_API_KEY);
  if (xaiKey) {
    const baseURL = nonEmpty(env.XAI_BASE_URL);
    registry.register(xaiBinding({ apiKey: xaiKey, baseURL, ...common(baseURL) }), {
      kind: 'xai',
      baseURL: baseURL ?? 'https://api.x.ai/v1',
      emulated: common(baseURL).emulated,
    });
  }
  const openaiKey = nonEmpty(env.OPENAI_API_KEY);
  if (openaiKey) {
    registerOpenAICompatible(
      registry,
      'openai',
      openaiKey,
      nonEmpty(env.OPENAI_BASE_URL),
      nonEmpty(env.OPENAI_WEBHOOK_SECRET),
      common,
    );
  }
  for (const [variable, value] of Object.entries(env)) {
    const match = /^REELGATE_OPENAI_COMPAT_([A-Z0-9_]+)_BASE_URL$/.exec(variable);
    if (!match || !nonEmpty(value)) continue;
    const name = match[1]!.toLowerCase().replace(/_/g, '-');
    const key = nonEmpty(env[`REELGATE_OPENAI_COMPAT_${match[1]}_API_KEY`]) ?? '';
    registerOpenAICompatible(
      registry,
      name,
      key,
      value,
      nonEmpty(env[`REELGATE_OPENAI_COMPAT_${match[1]}_WEBHOOK_SECRET`]),
      common,
    );
  }
  return registry;
}

function registerOpenAICompatible(
  registry: ProviderRegistry,
  name: string,
  apiKey: string,
  baseURL: string | undefined,
  webhookSecret: string | undefined,
  common: (url: string | undefined) => { emulated: boolean; timeScale: number; fetch?: typeof fetch },
): void {
  const settings = common(baseURL);
  const provider = createOpenAICompatible({
    apiKey: apiKey || 'unused',
    name,
    baseURL,
    webhookSecret,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  registry.register(
    openaiCompatibleBinding(provider, {
      emulated: settings.emulated,
      timeScale: settings.timeScale,
      ...(apiKey ? { apiKey } : {}),
    }),
    { kind: 'openai-compatible', baseURL: provider.baseURL, emulated: settings.emulated },
  );
}

/**
 * Every emulated provider at once, for demos and tests: the OpenAI face and the fal, Gemini,
 * Replicate and xAI faces of one emulator (`url` without a trailing slash).
 */
export function emulatorProviders(options: {
  url: string;
  speed?: number;
  apiKey?: string;
  fetch?: typeof fetch;
  now?: () => number;
}): ProviderRegistry {
  const key = options.apiKey ?? 'emulator-key';
  return providersFromEnv({
    env: {
      REELGATE_EMULATOR_SPEED: String(options.speed ?? 1),
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: `${options.url}/v1`,
      FAL_KEY: key,
      REELGATE_FAL_ORIGIN: `${options.url}/fal`,
      GOOGLE_GENERATIVE_AI_API_KEY: key,
      GOOGLE_GENERATIVE_AI_BASE_URL: `${options.url}/google/v1beta`,
      REPLICATE_API_TOKEN: key,
      REPLICATE_BASE_URL: `${options.url}/replicate/v1`,
      XAI_API_KEY: key,
      XAI_BASE_URL: `${options.url}/xai/v1`,
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function positiveNumber(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value !== undefined && Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
