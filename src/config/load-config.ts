/**
 * The one reader of the environment: `loadConfig(env)` validates every variable declared in
 * ./variables.ts and returns the configuration tree the rest of the code takes. Nothing else
 * reads `process.env`; the entry point passes it here once (docs/configuration.md lists every
 * variable, generated from the same table).
 *
 * @example
 * const config = loadConfig(process.env);
 * const gateway = await createGateway(config);
 */
import { resolve } from 'node:path';
import type { z } from 'zod';
import { EMULATOR_SETTINGS, emulatorOptionsFromEnv, envNameOf } from '../emulator/config.ts';
import type { CircuitPolicy } from '../core/circuit-breaker.ts';
import type { ModelChains } from '../core/fallback-policy.ts';
import type { EmulatorOptions } from '../emulator/options.ts';
import type { MediaToolSettings } from '../media/tools.ts';
import type { ProviderSettings } from '../providers/settings.ts';
import {
  loadS3StorageConfig,
  loadVideoDelivery,
  type S3StorageConfig,
  type VideoDelivery,
} from '../storage/s3-config.ts';
import { type TracingConfig, tracingConfigFromEnv } from '../telemetry/tracing.ts';
import { loadWebhookConfig, type WebhookConfig } from '../webhooks/config.ts';
import { ConfigError } from './config-error.ts';
import { openaiCompatibleEndpoints, providerRateLimits } from './patterns.ts';
import { circuitPolicyFromEnv, modelChainsFromEnv } from './routing.ts';
import { type ConfigGroup, type VariableName, variables } from './variables.ts';

export { ConfigError };
export type Env = Readonly<Record<string, string | undefined>>;
export type ProcessRole = 'api' | 'worker' | 'all';

/** Outbound guard settings for URLs from outside (see src/app/outbound.ts, docs/outbound-guard.md). */
export interface OutboundSettings {
  /** Private/loopback destinations allowed (never metadata). */
  allowPrivate: boolean;
  /** Host names (or `*.suffix`) always allowed. */
  allowedHosts: string[];
}

/** The prompt-enhancement model, as named by REELGATE_PROMPT_ENHANCER. */
export interface EnhancerSettings {
  family: 'google' | 'xai';
  modelId: string;
  baseURL: string | undefined;
  /** That provider's credential (GOOGLE_GENERATIVE_AI_API_KEY / XAI_API_KEY). */
  apiKey: string | undefined;
}

export interface ReelgateConfig {
  server: {
    port: number;
    host: string;
    /** The gateway's public URL (signed links, provider webhooks). */
    publicUrl: string | undefined;
    role: ProcessRole;
    logLevel: string;
    /** A worker-role process serves /healthz, /readyz, /metrics here. */
    metricsPort: number | undefined;
  };
  database: {
    /** PostgreSQL server; the embedded PGlite database under `<dataDir>/pg` when absent. */
    url: string | undefined;
    dataDir: string;
    /** Pooled PostgreSQL connections per process. */
    poolMax: number;
  };
  auth: {
    apiKeys: string;
    adminKeys: string;
    /** Signed file links; generated once under the data directory when absent. */
    signingSecret: string | undefined;
    /** Automatic sign-in from this machine when no API keys are set and the host is loopback. */
    localLogin: boolean;
  };
  http: {
    corsOrigins: string[];
    uploadLimitBytes: number | undefined;
    /** Requests per minute per API key (0: off; the HTTP layer's default when absent). */
    rateLimitPerMinute: number | undefined;
  };
  providers: ProviderSettings;
  models: { retiredModelTarget: string | undefined; defaultModel: string | undefined };
  /** Fallback model lists and the per-provider circuit breaker. */
  routing: { modelChains: ModelChains; circuit: CircuitPolicy };
  planning: { enhancer: EnhancerSettings | undefined; allowRules: string[] };
  outbound: OutboundSettings;
  webhooks: WebhookConfig;
  storage: {
    /** S3-compatible store; local disk under the data directory when absent. */
    s3: S3StorageConfig | undefined;
    delivery: VideoDelivery;
  };
  worker: {
    concurrency: number;
    id: string | undefined;
    leaseMs: number | undefined;
    /** What to do with an unconfirmed start no lookup found (REELGATE_AMBIGUOUS_START). */
    ambiguousStart: 'fail' | 'retry';
    /** Read providers' job lists for many running generations at once (src/worker/status-sweep.ts). */
    statusSweep: 'auto' | 'off';
    ambiguousGraceMs: number;
    /** How long ended generations are looked up again for a late job (REELGATE_LATE_ADOPTION_WINDOW_MS). */
    lateAdoptionWindowMs: number;
    /** Floor between two status checks of one generation, at real-provider speed. */
    pollMinIntervalMs: number;
    /** Deadline = max(factor x typical time, minimum); per-model windows (`provider:model` -> ms). */
    deadline: { factor: number; minMs: number; perModelMs: Record<string, number> | undefined };
    /** Provider requests per minute shared by all workers (0: off). */
    providerRateLimits: Record<string, number>;
  };
  /** The in-process emulator, used when no provider is configured. */
  emulator: EmulatorOptions;
  /** Where ffmpeg, ffprobe and the emulator's font are (looked up on first use: src/media/tools.ts). */
  media: MediaToolSettings;
  /** OpenTelemetry tracing; no exporter when no endpoint is set. */
  tracing: TracingConfig;
  /** The CLI's client commands (talking to a running gateway). */
  cli: {
    url: string | undefined;
    apiKey: string | undefined;
    adminKey: string | undefined;
    pollIntervalMs: number | undefined;
  };
}

type Values = { [K in VariableName]: z.output<(typeof variables)[K]['schema']> };

function readVariables(env: Env): Values {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) {
    const result = spec.schema.safeParse(env[name]);
    if (!result.success) throw new ConfigError(name, result.error.issues[0]?.message ?? 'invalid value');
    values[name] = result.data;
  }
  return values as Values;
}

function namesOf(group: ConfigGroup): string[] {
  return Object.entries(variables)
    .filter(([, spec]) => spec.group === group)
    .map(([name]) => name);
}

/** The declared names present in `env` (section parsers see nothing else). */
function pick(env: Env, names: Iterable<string>): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const name of names) if (env[name] !== undefined) picked[name] = env[name];
  return picked;
}

/**
 * `provider:model=seconds` pairs, comma-separated (model ids may contain `/` and `:`; the
 * last `=` splits), e.g. `openai:sora-2-pro=3600,fal:fal-ai/veo3=2400`.
 */
function deadlineModels(raw: string | undefined): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  const windows: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const at = part.lastIndexOf('=');
    const model = part.slice(0, at).trim();
    const seconds = Number(part.slice(at + 1));
    if (at <= 0 || !model || !Number.isFinite(seconds) || seconds <= 0)
      throw new ConfigError(
        'REELGATE_DEADLINE_MODELS',
        `expected provider:model=seconds, got '${part.trim()}'`,
      );
    windows[model] = seconds * 1000;
  }
  return windows;
}

function enhancer(v: Values): EnhancerSettings | undefined {
  const spec = v.REELGATE_PROMPT_ENHANCER;
  if (spec === undefined) return undefined;
  const at = spec.indexOf(':');
  const family = at > 0 ? spec.slice(0, at) : '';
  const modelId = at > 0 ? spec.slice(at + 1) : '';
  if ((family !== 'google' && family !== 'xai') || !modelId) {
    throw new ConfigError(
      'REELGATE_PROMPT_ENHANCER',
      `must be google:<model> or xai:<model> (got "${spec}"); unset it to turn enhancement off.`,
    );
  }
  const apiKey = family === 'google' ? v.GOOGLE_GENERATIVE_AI_API_KEY : v.XAI_API_KEY;
  return { family, modelId, baseURL: v.REELGATE_PROMPT_ENHANCER_BASE_URL, apiKey };
}

function vertexSettings(v: Values): Pick<ProviderSettings, 'vertex'> {
  const project = v.GOOGLE_VERTEX_PROJECT;
  const json = v.GOOGLE_VERTEX_CREDENTIALS_JSON;
  if (!project || !(json || v.GOOGLE_APPLICATION_CREDENTIALS || v.GOOGLE_VERTEX_API_KEY)) return {};
  let credentials: { client_email: string; private_key: string } | undefined;
  if (json) {
    try {
      credentials = JSON.parse(json) as { client_email: string; private_key: string };
    } catch {
      throw new ConfigError(
        'GOOGLE_VERTEX_CREDENTIALS_JSON',
        'is not valid JSON (expected a service-account key).',
      );
    }
  }
  return {
    vertex: {
      project,
      location: v.GOOGLE_VERTEX_LOCATION,
      credentials,
      keyFilename: v.GOOGLE_APPLICATION_CREDENTIALS,
      apiKey: v.GOOGLE_VERTEX_API_KEY,
      baseURL: v.GOOGLE_VERTEX_BASE_URL,
      authOrigin: v.REELGATE_GOOGLE_AUTH_ORIGIN,
      storageOrigin: v.REELGATE_GOOGLE_STORAGE_ORIGIN,
      storageUri: v.GOOGLE_VERTEX_STORAGE_URI,
    },
  };
}

function providerSettings(v: Values, env: Env, emulator: EmulatorOptions): ProviderSettings {
  const falKey = v.FAL_KEY ?? v.FAL_API_KEY;
  const openaiKey = v.OPENAI_API_KEY;
  return {
    ...(falKey
      ? {
          fal: {
            apiKey: falKey,
            baseURL: v.FAL_BASE_URL,
            origin: v.REELGATE_FAL_ORIGIN,
            jwksUrl: v.REELGATE_FAL_JWKS_URL,
          },
        }
      : {}),
    ...(v.GOOGLE_GENERATIVE_AI_API_KEY
      ? { google: { apiKey: v.GOOGLE_GENERATIVE_AI_API_KEY, baseURL: v.GOOGLE_GENERATIVE_AI_BASE_URL } }
      : {}),
    ...(v.REPLICATE_API_TOKEN
      ? {
          replicate: {
            apiToken: v.REPLICATE_API_TOKEN,
            baseURL: v.REPLICATE_BASE_URL,
            webhookSecret: v.REPLICATE_WEBHOOK_SECRET,
          },
        }
      : {}),
    ...(v.XAI_API_KEY ? { xai: { apiKey: v.XAI_API_KEY, baseURL: v.XAI_BASE_URL } } : {}),
    ...(v.ALIBABA_API_KEY
      ? { alibaba: { apiKey: v.ALIBABA_API_KEY, baseURL: v.ALIBABA_VIDEO_BASE_URL } }
      : {}),
    ...vertexSettings(v),
    ...(v.AI_GATEWAY_API_KEY
      ? { gateway: { apiKey: v.AI_GATEWAY_API_KEY, baseURL: v.AI_GATEWAY_BASE_URL } }
      : {}),
    ...(v.OPENROUTER_API_KEY
      ? {
          openrouter: {
            apiKey: v.OPENROUTER_API_KEY,
            baseURL: v.OPENROUTER_BASE_URL,
            webhookSecret: v.OPENROUTER_WEBHOOK_SECRET,
          },
        }
      : {}),
    ...(v.ARK_API_KEY ? { bytedance: { apiKey: v.ARK_API_KEY, baseURL: v.ARK_BASE_URL } } : {}),
    ...(v.MINIMAX_API_KEY
      ? { minimax: { apiKey: v.MINIMAX_API_KEY, baseURL: v.MINIMAX_VIDEO_BASE_URL } }
      : {}),
    // A base URL alone (a local emulator, a keyless proxy) also enables the `openai` provider.
    ...(openaiKey || v.OPENAI_BASE_URL
      ? {
          openai: {
            apiKey: openaiKey ?? 'none',
            baseURL: v.OPENAI_BASE_URL,
            webhookSecret: v.OPENAI_WEBHOOK_SECRET,
          },
        }
      : {}),
    openaiCompatible: openaiCompatibleEndpoints(env),
    emulatorSpeed: emulator.speed,
    emulatorIdempotency: emulator.idempotency,
    publicUrl: v.REELGATE_PUBLIC_URL?.replace(/\/+$/, ''),
  };
}

export function loadConfig(env: Env): ReelgateConfig {
  const v = readVariables(env);
  const emulatorNames = EMULATOR_SETTINGS.map((setting) => envNameOf(setting.flag));
  const emulator = emulatorOptionsFromEnv(pick(env, emulatorNames));
  const s3Names = Object.keys(variables).filter((name) => name.startsWith('REELGATE_S3_'));
  const storageEnv = pick(env, [...s3Names, 'REELGATE_VIDEO_DELIVERY']);
  // Unknown REELGATE_S3_* names count too: a typo must not silently fall back to local disk.
  for (const name of Object.keys(env)) if (name.startsWith('REELGATE_S3_')) storageEnv[name] = env[name];
  const routingEnv = pick(env, namesOf('routing'));
  return {
    server: {
      port: v.PORT,
      host: v.HOST,
      publicUrl: v.REELGATE_PUBLIC_URL,
      role: v.REELGATE_ROLE,
      logLevel: v.REELGATE_LOG_LEVEL ?? v.LOG_LEVEL ?? 'info',
      metricsPort: v.REELGATE_METRICS_PORT,
    },
    database: {
      url: v.DATABASE_URL,
      dataDir: resolve(v.REELGATE_DATA_DIR),
      poolMax: v.REELGATE_DATABASE_POOL_MAX,
    },
    auth: {
      apiKeys: v.REELGATE_API_KEYS,
      adminKeys: v.REELGATE_ADMIN_KEYS,
      signingSecret: v.REELGATE_SIGNING_SECRET,
      localLogin: v.REELGATE_LOCAL_LOGIN,
    },
    http: {
      corsOrigins: v.REELGATE_CORS_ORIGINS,
      uploadLimitBytes: v.REELGATE_UPLOAD_LIMIT_BYTES,
      rateLimitPerMinute: v.REELGATE_RATE_LIMIT_PER_MINUTE,
    },
    providers: providerSettings(v, env, emulator),
    models: { retiredModelTarget: v.REELGATE_RETIRED_MODEL_TARGET, defaultModel: v.REELGATE_DEFAULT_MODEL },
    routing: {
      modelChains: modelChainsFromEnv(routingEnv),
      circuit: circuitPolicyFromEnv(routingEnv),
    },
    planning: {
      enhancer: enhancer(v),
      allowRules: v.REELGATE_POLICY_ALLOW_RULES,
    },
    outbound: {
      allowPrivate: v.REELGATE_OUTBOUND_ALLOW_PRIVATE,
      allowedHosts: v.REELGATE_OUTBOUND_ALLOWED_HOSTS.map((host) => host.toLowerCase()),
    },
    webhooks: loadWebhookConfig(pick(env, namesOf('webhooks'))),
    storage: { s3: loadS3StorageConfig(storageEnv), delivery: loadVideoDelivery(storageEnv) },
    worker: {
      concurrency: v.REELGATE_WORKER_CONCURRENCY,
      id: v.REELGATE_WORKER_ID,
      leaseMs: v.REELGATE_WORKER_LEASE_MS,
      ambiguousStart: v.REELGATE_AMBIGUOUS_START,
      statusSweep: v.REELGATE_STATUS_SWEEP,
      ambiguousGraceMs: v.REELGATE_AMBIGUOUS_START_GRACE_MS,
      lateAdoptionWindowMs: v.REELGATE_LATE_ADOPTION_WINDOW_MS,
      pollMinIntervalMs: v.REELGATE_POLL_MIN_INTERVAL_MS,
      deadline: {
        factor: v.REELGATE_DEADLINE_FACTOR,
        minMs: v.REELGATE_DEADLINE_MIN_MS,
        perModelMs: deadlineModels(v.REELGATE_DEADLINE_MODELS),
      },
      providerRateLimits: providerRateLimits(env),
    },
    emulator,
    media: {
      ffmpegPath: v.REELGATE_FFMPEG,
      ffprobePath: v.REELGATE_FFPROBE,
      fontFile: v.REELGATE_FONT,
      searchPath: v.PATH,
    },
    tracing: tracingConfigFromEnv(
      pick(
        env,
        Object.keys(variables).filter((name) => variables[name as VariableName].group === 'observability'),
      ),
    ),
    cli: {
      url: v.REELGATE_URL,
      apiKey: v.REELGATE_API_KEY,
      adminKey: v.REELGATE_ADMIN_KEY,
      pollIntervalMs: v.REELGATE_POLL_INTERVAL_MS,
    },
  };
}
