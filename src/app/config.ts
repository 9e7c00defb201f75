/**
 * Configuration from the environment (read once, at start-up, by the entry point; nothing reads
 * process.env elsewhere). Every variable is documented in docs/engine.md.
 */
import { resolve } from 'node:path';
import { emulatorOptionsFromEnv } from '../emulator/config.ts';
import type { EmulatorOptions } from '../emulator/options.ts';
import { loadS3StorageConfig, type S3StorageConfig } from '../storage/s3-config.ts';
import { loadWebhookConfig, type WebhookConfig } from '../webhooks/config.ts';
import { providerRateLimitsFromEnv } from '../worker/provider-rate-limit.ts';
import { type OutboundSettings, outboundSettingsFromEnv } from './outbound.ts';

export type ProcessRole = 'api' | 'worker' | 'all';

export interface ReelgateConfig {
  /** Provider credentials and settings (FAL_KEY, XAI_API_KEY...) read by the provider registry. */
  providerEnv?: Readonly<Record<string, string | undefined>> | undefined;
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL server; the embedded PGlite database under `<dataDir>/pg` when absent. */
  databaseUrl: string | undefined;
  /** An OpenAI-compatible endpoint; when absent the emulator runs in-process. */
  openai: { apiKey: string; baseURL: string | undefined; webhookSecret: string | undefined } | undefined;
  /** Options for the in-process emulator (REELGATE_EMULATOR_*), used when `openai` is absent. */
  emulator: EmulatorOptions;
  apiKeys: string;
  adminKeys: string;
  corsOrigins: string[];
  publicBaseUrl: string | undefined;
  signingSecret: string | undefined;
  uploadLimitBytes: number | undefined;
  /** REELGATE_RATE_LIMIT_PER_MINUTE: requests per minute per API key (0: off; default in the HTTP layer). */
  rateLimitPerMinute: number | undefined;
  /** Outbound guard settings (REELGATE_OUTBOUND_*); see src/app/outbound.ts. */
  outbound?: OutboundSettings | undefined;
  role: ProcessRole;
  workerConcurrency: number;
  workerId: string | undefined;
  /** Floor between two status checks of one generation, at real-provider speed. */
  pollMinIntervalMs: number;
  /** Deadline = max(factor x typical time, minimum). */
  deadlineFactor: number;
  deadlineMinMs: number;
  /** REELGATE_DEADLINE_MODELS: per-model deadline windows, `provider:model` -> ms. */
  deadlineModelMs?: Record<string, number> | undefined;
  logLevel: string;
  /** S3-compatible store (REELGATE_S3_*, REELGATE_VIDEO_DELIVERY); local disk when absent. */
  s3?: S3StorageConfig | undefined;
  /** Outgoing webhooks to apps (REELGATE_WEBHOOKS_*); defaults when absent. */
  webhooks?: WebhookConfig | undefined;
  /** REELGATE_WORKER_LEASE_MS: how long a claim stays a worker's before others may take over (60 s). */
  leaseMs?: number | undefined;
  /** REELGATE_PROVIDER_RATE_LIMIT_<PROVIDER>: requests per minute shared by all workers (0: off). */
  providerRateLimits?: Readonly<Record<string, number>> | undefined;
  /** REELGATE_METRICS_PORT: a `--role worker` process serves /healthz, /readyz, /metrics here. */
  metricsPort?: number | undefined;
}

function number(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got '${raw}'`);
  return value;
}

/**
 * `provider:model=seconds` pairs, comma-separated (model ids may contain `/` and `:`; the
 * last `=` splits), e.g. `openai:sora-2-pro=3600,fal:fal-ai/veo3=2400`.
 */
function deadlineModels(raw: string | undefined): Record<string, number> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const windows: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const at = part.lastIndexOf('=');
    const model = part.slice(0, at).trim();
    const seconds = Number(part.slice(at + 1));
    if (at <= 0 || !model || !Number.isFinite(seconds) || seconds <= 0)
      throw new Error(`REELGATE_DEADLINE_MODELS: expected provider:model=seconds, got '${part.trim()}'`);
    windows[model] = seconds * 1000;
  }
  return windows;
}

/**
 * @example
 * const config = loadConfig(process.env);
 * const reelgate = await createReelgate(config);
 */
export function loadConfig(env: Record<string, string | undefined>): ReelgateConfig {
  const role = (env.REELGATE_ROLE ?? 'all') as ProcessRole;
  if (!['api', 'worker', 'all'].includes(role))
    throw new Error(`REELGATE_ROLE must be api, worker or all, got '${role}'`);
  const openaiKey = env.OPENAI_API_KEY?.trim();
  const openaiBase = env.OPENAI_BASE_URL?.trim();
  return {
    providerEnv: env,
    port: number(env, 'PORT', 8787),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: resolve(env.REELGATE_DATA_DIR?.trim() || './data'),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    openai:
      openaiKey || openaiBase
        ? {
            apiKey: openaiKey || 'none',
            baseURL: openaiBase || undefined,
            webhookSecret: env.OPENAI_WEBHOOK_SECRET?.trim() || undefined,
          }
        : undefined,
    emulator: emulatorOptionsFromEnv(env),
    apiKeys: env.REELGATE_API_KEYS ?? '',
    adminKeys: env.REELGATE_ADMIN_KEYS ?? '',
    corsOrigins: (env.REELGATE_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    publicBaseUrl: env.REELGATE_PUBLIC_URL?.trim() || undefined,
    signingSecret: env.REELGATE_SIGNING_SECRET?.trim() || undefined,
    uploadLimitBytes: env.REELGATE_UPLOAD_LIMIT_BYTES
      ? number(env, 'REELGATE_UPLOAD_LIMIT_BYTES', 0)
      : undefined,
    rateLimitPerMinute: env.REELGATE_RATE_LIMIT_PER_MINUTE?.trim()
      ? number(env, 'REELGATE_RATE_LIMIT_PER_MINUTE', 0)
      : undefined,
    outbound: outboundSettingsFromEnv(env),
    role,
    workerConcurrency: number(env, 'REELGATE_WORKER_CONCURRENCY', 4),
    workerId: env.REELGATE_WORKER_ID?.trim() || undefined,
    pollMinIntervalMs: number(env, 'REELGATE_POLL_MIN_INTERVAL_MS', 2_000),
    deadlineFactor: number(env, 'REELGATE_DEADLINE_FACTOR', 4),
    deadlineMinMs: number(env, 'REELGATE_DEADLINE_MIN_MS', 15 * 60_000),
    deadlineModelMs: deadlineModels(env.REELGATE_DEADLINE_MODELS),
    logLevel: env.REELGATE_LOG_LEVEL?.trim() || env.LOG_LEVEL?.trim() || 'info',
    s3: loadS3StorageConfig(env),
    webhooks: loadWebhookConfig(env),
    leaseMs: env.REELGATE_WORKER_LEASE_MS?.trim()
      ? number(env, 'REELGATE_WORKER_LEASE_MS', 60_000)
      : undefined,
    providerRateLimits: providerRateLimitsFromEnv(env),
    metricsPort: env.REELGATE_METRICS_PORT?.trim() ? number(env, 'REELGATE_METRICS_PORT', 0) : undefined,
  };
}
