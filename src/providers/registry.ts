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
 * | alibaba | ALIBABA_API_KEY | ALIBABA_VIDEO_BASE_URL |
 * | minimax | MINIMAX_API_KEY | MINIMAX_VIDEO_BASE_URL |
 * | bytedance | ARK_API_KEY | ARK_BASE_URL |
 * | gateway | AI_GATEWAY_API_KEY | AI_GATEWAY_BASE_URL |
 * | openrouter | OPENROUTER_API_KEY | OPENROUTER_BASE_URL; OPENROUTER_WEBHOOK_SECRET |
 * | google-vertex | GOOGLE_VERTEX_PROJECT + GOOGLE_VERTEX_CREDENTIALS_JSON, GOOGLE_APPLICATION_CREDENTIALS or GOOGLE_VERTEX_API_KEY | GOOGLE_VERTEX_LOCATION; GOOGLE_VERTEX_BASE_URL; GOOGLE_VERTEX_STORAGE_URI; REELGATE_GOOGLE_AUTH_ORIGIN; REELGATE_GOOGLE_STORAGE_ORIGIN |
 * | <name> | REELGATE_OPENAI_COMPAT_<NAME>_API_KEY | REELGATE_OPENAI_COMPAT_<NAME>_BASE_URL (required) |
 *
 * A provider whose base URL (or origin) is on a loopback host is treated as emulated: its
 * timings run at REELGATE_EMULATOR_SPEED. REELGATE_PUBLIC_URL (reelgate's own public URL)
 * turns on per-job webhooks for providers that take them (Replicate, fal).
 *
 * @example
 * const registry = providersFromSettings({ settings: loadConfig(process.env).providers });
 * registry.registerCustom('acme', (modelId) => myVideoModelV4(modelId));
 * const engineProviders = registry.bindings(); // Map<string, ProviderBinding> for the engine
 */
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { openaiCompatibleBinding } from './openai-compatible/openai-compatible-binding.ts';
import type { ProviderBinding } from './provider-port.ts';
import type { ProviderSettings } from './settings.ts';
import { customBinding } from './ai-sdk-common/binding.ts';
import { alibabaBinding } from './alibaba/alibaba-provider.ts';
import { minimaxBinding } from './minimax/minimax-provider.ts';
import { bytedanceBinding } from './bytedance/bytedance-provider.ts';
import { vertexBinding } from './google-vertex/vertex-provider.ts';
import { gatewayBinding } from './gateway/gateway-provider.ts';
import { openrouterBinding } from './openrouter/openrouter-provider.ts';
import { EMULATOR_SERVICE_ACCOUNT } from '../shared/emulator-service-account.ts';
import { falBinding } from './fal/fal-provider.ts';
import { googleBinding } from './google/google-provider.ts';
import { createOpenAICompatible } from './openai-compatible/index.ts';
import { replicateBinding } from './replicate/replicate-provider.ts';
import { xaiBinding } from './xai/xai-provider.ts';

export type ProviderKind =
  | 'fal'
  | 'google'
  | 'replicate'
  | 'xai'
  | 'alibaba'
  | 'minimax'
  | 'bytedance'
  | 'google-vertex'
  | 'gateway'
  | 'openrouter'
  | 'kling'
  | 'openai-compatible'
  | 'custom';

/** What may be shown about a provider (never its credential). */
export interface ProviderDescription {
  name: string;
  kind: ProviderKind;
  baseURL: string | null;
  emulated: boolean;
}

export interface ProvidersFromSettingsOptions {
  settings: ProviderSettings;
  fetch?: typeof fetch;
  /** Warnings of the OpenAI-compatible adapter (an unknown status, ...). */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
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

/** Builds the registry from the configuration's provider settings (see the table above). */
export function providersFromSettings(options: ProvidersFromSettingsOptions): ProviderRegistry {
  const settings = options.settings;
  const registry = new ProviderRegistry();
  const speed =
    settings.emulatorSpeed !== undefined && settings.emulatorSpeed > 0 ? settings.emulatorSpeed : 1;
  // An emulator forced to deduplicate (REELGATE_EMULATOR_IDEMPOTENCY=on) is told apart from the
  // real APIs, none of which document create deduplication (docs/providers.md).
  const emulatorDeduplicates = settings.emulatorIdempotency === 'on';
  const common = (url: string | undefined) => {
    const emulated = url !== undefined && isLoopbackUrl(url);
    return {
      emulated,
      timeScale: emulated ? speed : 1,
      deduplicatesStarts: emulated && emulatorDeduplicates,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    };
  };
  const publicUrl = nonEmpty(settings.publicUrl)?.replace(/\/+$/, '');
  const webhookFor = (name: string) => (publicUrl ? `${publicUrl}/webhooks/providers/${name}` : undefined);

  if (settings.fal) {
    const { apiKey, origin, baseURL, jwksUrl } = settings.fal;
    registry.register(
      falBinding({
        apiKey,
        origin,
        baseURL,
        ...(jwksUrl ? { jwksUrl } : {}),
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
  if (settings.google) {
    const { apiKey, baseURL } = settings.google;
    registry.register(googleBinding({ apiKey, baseURL, ...common(baseURL) }), {
      kind: 'google',
      baseURL: baseURL ?? 'https://generativelanguage.googleapis.com/v1beta',
      emulated: common(baseURL).emulated,
    });
  }
  if (settings.replicate) {
    const { apiToken, baseURL, webhookSecret } = settings.replicate;
    registry.register(
      replicateBinding({
        apiToken,
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
  if (settings.xai) {
    const { apiKey, baseURL } = settings.xai;
    registry.register(xaiBinding({ apiKey, baseURL, ...common(baseURL) }), {
      kind: 'xai',
      baseURL: baseURL ?? 'https://api.x.ai/v1',
      emulated: common(baseURL).emulated,
    });
  }
  registerTaskProviders(registry, settings, common, webhookFor);
  if (settings.openai) {
    const { apiKey, baseURL, webhookSecret } = settings.openai;
    registerOpenAICompatible(registry, 'openai', apiKey, baseURL, webhookSecret, common);
  }
  for (const endpoint of settings.openaiCompatible ?? []) {
    registerOpenAICompatible(
      registry,
      endpoint.name,
      endpoint.apiKey ?? '',
      endpoint.baseURL,
      endpoint.webhookSecret,
      common,
    );
  }
  return registry;
}

type Common = (url: string | undefined) => {
  emulated: boolean;
  timeScale: number;
  fetch?: typeof fetch;
  now?: () => number;
};

/** The providers added through their own @ai-sdk packages (or adapters) beyond the first five. */
function registerTaskProviders(
  registry: ProviderRegistry,
  settings: ProviderSettings,
  common: Common,
  webhookFor: (name: string) => string | undefined,
): void {
  if (settings.alibaba) {
    const { apiKey, baseURL } = settings.alibaba;
    registry.register(alibabaBinding({ apiKey, videoBaseURL: baseURL, ...common(baseURL) }), {
      kind: 'alibaba',
      baseURL: baseURL ?? 'https://dashscope-intl.aliyuncs.com',
      emulated: common(baseURL).emulated,
    });
  }
  if (settings.minimax) {
    const { apiKey, baseURL } = settings.minimax;
    registry.register(minimaxBinding({ apiKey, videoBaseURL: baseURL, ...common(baseURL) }), {
      kind: 'minimax',
      baseURL: baseURL ?? 'https://api.minimax.io',
      emulated: common(baseURL).emulated,
    });
  }
  if (settings.bytedance) {
    const { apiKey, baseURL } = settings.bytedance;
    registry.register(bytedanceBinding({ apiKey, baseURL, ...common(baseURL) }), {
      kind: 'bytedance',
      baseURL: baseURL ?? 'https://ark.ap-southeast.bytepluses.com/api/v3',
      emulated: common(baseURL).emulated,
    });
  }
  registerVertex(registry, settings, common);
  if (settings.gateway) {
    const { apiKey, baseURL } = settings.gateway;
    const shared = common(baseURL);
    // The Gateway deduplicates video starts; only an emulator forced `off` does not.
    const deduplicatesStarts = !(shared.emulated && settings.emulatorIdempotency === 'off');
    registry.register(gatewayBinding({ apiKey, baseURL, ...shared, deduplicatesStarts }), {
      kind: 'gateway',
      baseURL: baseURL ?? 'https://ai-gateway.vercel.sh/v4/ai',
      emulated: common(baseURL).emulated,
    });
  }
  if (settings.openrouter) {
    const { apiKey, baseURL, webhookSecret } = settings.openrouter;
    registry.register(
      openrouterBinding({
        apiKey,
        baseURL,
        webhookSecret,
        webhookUrl: webhookSecret ? webhookFor('openrouter') : undefined,
        ...common(baseURL),
      }),
      {
        kind: 'openrouter',
        baseURL: baseURL ?? 'https://openrouter.ai/api/v1',
        emulated: common(baseURL).emulated,
      },
    );
  }
}

/** Veo on Vertex AI: a project plus a service account (inline JSON or a key file) or an express-mode key. */
function registerVertex(registry: ProviderRegistry, settings: ProviderSettings, common: Common): void {
  const vertex = settings.vertex;
  if (!vertex) return;
  const provider = common(vertex.baseURL);
  registry.register(
    vertexBinding({
      project: vertex.project,
      location: vertex.location ?? 'us-central1',
      credentials: vertex.credentials,
      keyFilename: vertex.credentials ? undefined : vertex.keyFilename,
      apiKey: vertex.credentials || vertex.keyFilename ? undefined : vertex.apiKey,
      baseURL: vertex.baseURL,
      authOrigin: vertex.authOrigin,
      storageOrigin: vertex.storageOrigin,
      storageUri: vertex.storageUri,
      ...provider,
    }),
    { kind: 'google-vertex', baseURL: vertex.baseURL ?? null, emulated: provider.emulated },
  );
}

function registerOpenAICompatible(
  registry: ProviderRegistry,
  name: string,
  apiKey: string,
  baseURL: string | undefined,
  webhookSecret: string | undefined,
  common: (url: string | undefined) => {
    emulated: boolean;
    timeScale: number;
    deduplicatesStarts: boolean;
    fetch?: typeof fetch;
    onWarning?: (message: string, details: Record<string, unknown>) => void;
  },
): void {
  const settings = common(baseURL);
  const provider = createOpenAICompatible({
    apiKey: apiKey || 'unused',
    name,
    baseURL,
    webhookSecret,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.onWarning ? { onWarning: settings.onWarning } : {}),
  });
  registry.register(
    openaiCompatibleBinding(provider, {
      emulated: settings.emulated,
      timeScale: settings.timeScale,
      deduplicatesStarts: settings.deduplicatesStarts,
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
  /** The emulator's `idempotency` setting (`on`: its faces deduplicate creates). */
  idempotency?: 'provider' | 'on' | 'off';
}): ProviderRegistry {
  const key = options.apiKey ?? 'emulator-key';
  const url = options.url;
  return providersFromSettings({
    settings: {
      emulatorSpeed: options.speed ?? 1,
      openai: { apiKey: key, baseURL: `${url}/v1` },
      fal: { apiKey: key, origin: `${url}/fal` },
      google: { apiKey: key, baseURL: `${url}/google/v1beta` },
      replicate: { apiToken: key, baseURL: `${url}/replicate/v1` },
      xai: { apiKey: key, baseURL: `${url}/xai/v1` },
      alibaba: { apiKey: key, baseURL: `${url}/alibaba` },
      minimax: { apiKey: key, baseURL: `${url}/minimax` },
      bytedance: { apiKey: key, baseURL: `${url}/bytedance/api/v3` },
      vertex: {
        project: EMULATOR_SERVICE_ACCOUNT.project_id,
        location: 'us-central1',
        credentials: EMULATOR_SERVICE_ACCOUNT,
        baseURL: `${url}/vertex/v1beta1/projects/${EMULATOR_SERVICE_ACCOUNT.project_id}/locations/us-central1/publishers/google`,
        authOrigin: `${url}/vertex`,
        storageOrigin: `${url}/vertex`,
      },
      gateway: { apiKey: key, baseURL: `${url}/gateway/v4/ai` },
      openrouter: { apiKey: key, baseURL: `${url}/openrouter/api/v1` },
      emulatorIdempotency: options.idempotency ?? 'provider',
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
