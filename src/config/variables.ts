/**
 * Every environment variable reelgate reads, in one table: its group, meaning, default and the
 * parser of its value. `loadConfig` (./load-config.ts) reads only what is declared here, and
 * docs/configuration.md is generated from this table (`npm run docs:config`); a test fails when
 * the code reads a variable that is not declared and documented.
 *
 * To add a variable: add one entry below (the key is the variable's name), then use the parsed
 * value in `loadConfig`'s tree, and run `npm run docs:config`.
 */
import type { z } from 'zod';
import { flag, list, number, oneOf, text, textOr } from './values.ts';

export type ConfigGroup =
  | 'server'
  | 'database'
  | 'auth'
  | 'http'
  | 'providers'
  | 'routing'
  | 'planning'
  | 'outbound'
  | 'webhooks'
  | 'storage'
  | 'worker'
  | 'emulator'
  | 'media'
  | 'observability'
  | 'cli';

export interface VariableSpec<T = unknown> {
  group: ConfigGroup;
  /** What it does, one or two sentences (Markdown). */
  description: string;
  /** The default as shown in the docs (none: unset means off / not used). */
  default?: string;
  /** A credential: never logged or shown. */
  secret?: boolean;
  schema: z.ZodType<T, string | undefined>;
}

const spec = <T>(value: VariableSpec<T>): VariableSpec<T> => value;

export const variables = {
  // server
  PORT: spec({
    group: 'server',
    description: 'TCP port the gateway listens on (`0`: any free port).',
    default: '8787',
    schema: number(8787),
  }),
  HOST: spec({
    group: 'server',
    description: 'Interface to bind. A loopback host also enables the automatic local sign-in.',
    default: '127.0.0.1',
    schema: textOr('127.0.0.1'),
  }),
  REELGATE_PUBLIC_URL: spec({
    group: 'server',
    description:
      "The gateway's public URL: base of signed file links in responses and webhooks, and the address providers that take per-job webhooks (fal, Replicate) call back.",
    schema: text(),
  }),
  REELGATE_ROLE: spec({
    group: 'server',
    description:
      '`all` (API and worker in one process), `api` or `worker` (scale-out on a shared PostgreSQL; see docs/scale-out.md).',
    default: 'all',
    schema: oneOf(['api', 'worker', 'all'], 'all'),
  }),
  REELGATE_LOG_LEVEL: spec({
    group: 'server',
    description: 'pino log level (`trace` ... `fatal`, `silent`).',
    default: 'info',
    schema: text(),
  }),
  LOG_LEVEL: spec({
    group: 'server',
    description: 'Used when `REELGATE_LOG_LEVEL` is unset.',
    schema: text(),
  }),
  REELGATE_METRICS_PORT: spec({
    group: 'server',
    description: 'A `--role worker` process serves `/healthz`, `/readyz` and `/metrics` on this port.',
    schema: number(),
  }),

  // database
  REELGATE_DATA_DIR: spec({
    group: 'database',
    description: 'Embedded database, local video store, generated keys and the signing secret.',
    default: './data',
    schema: textOr('./data'),
  }),
  DATABASE_URL: spec({
    group: 'database',
    description:
      'A PostgreSQL server to use instead of the embedded database (PGlite under the data directory).',
    secret: true,
    schema: text(),
  }),
  REELGATE_DATABASE_POOL_MAX: spec({
    group: 'database',
    description:
      "Pooled PostgreSQL connections per process (each process also holds one for its liveness lock and, for the API, one for events). Keep the sum over all processes under the server's max_connections.",
    default: '10',
    schema: number(10),
  }),

  // auth
  REELGATE_API_KEYS: spec({
    group: 'auth',
    description: 'Comma-separated API keys, each its own account.',
    secret: true,
    schema: textOr(''),
  }),
  REELGATE_ADMIN_KEYS: spec({
    group: 'auth',
    description: 'Comma-separated admin keys (key management, limits, usage of every account).',
    secret: true,
    schema: textOr(''),
  }),
  REELGATE_SIGNING_SECRET: spec({
    group: 'auth',
    description:
      'Secret behind signed file links. Default: generated once and kept in `<data dir>/signing-secret`. Set the same value on every API process of a deployment.',
    secret: true,
    schema: text(),
  }),
  REELGATE_LOCAL_LOGIN: spec({
    group: 'auth',
    description:
      'When no `REELGATE_API_KEYS` are set and the gateway listens on a loopback host, the studio signs in automatically from this machine and a local key is written to `<data dir>/local-key`. `false` turns this off.',
    default: 'true',
    schema: flag(true),
  }),

  // http
  REELGATE_CORS_ORIGINS: spec({
    group: 'http',
    description: 'Comma-separated origins allowed cross-origin access to the API.',
    schema: list(),
  }),
  REELGATE_UPLOAD_LIMIT_BYTES: spec({
    group: 'http',
    description: 'Largest request body accepted (uploads of reference images and videos).',
    default: '52428800 (50 MB)',
    schema: number(),
  }),
  REELGATE_RATE_LIMIT_PER_MINUTE: spec({
    group: 'http',
    description: 'API requests per minute per API key (`0`: no limit).',
    default: '1200',
    schema: number(),
  }),

  // providers
  OPENAI_API_KEY: spec({
    group: 'providers',
    description: "Enables OpenAI's videos API (Sora) as provider `openai`.",
    secret: true,
    schema: text(),
  }),
  OPENAI_BASE_URL: spec({
    group: 'providers',
    description:
      'Another OpenAI-compatible videos endpoint for provider `openai` (a loopback URL is treated as an emulator and runs at `REELGATE_EMULATOR_SPEED`).',
    default: 'https://api.openai.com/v1',
    schema: text(),
  }),
  OPENAI_WEBHOOK_SECRET: spec({
    group: 'providers',
    description:
      "Verifies OpenAI's `video.completed` / `video.failed` webhooks to `/webhooks/providers/openai`.",
    secret: true,
    schema: text(),
  }),
  FAL_KEY: spec({
    group: 'providers',
    description: 'Enables fal (Veo, Kling, Seedance, ... through the fal queue).',
    secret: true,
    schema: text(),
  }),
  FAL_API_KEY: spec({
    group: 'providers',
    description: 'Same as `FAL_KEY` (used when `FAL_KEY` is unset).',
    secret: true,
    schema: text(),
  }),
  FAL_BASE_URL: spec({
    group: 'providers',
    description: "fal's base URL.",
    default: 'https://queue.fal.run',
    schema: text(),
  }),
  REELGATE_FAL_ORIGIN: spec({
    group: 'providers',
    description: 'Where requests for `https://queue.fal.run` go instead (an emulator, a proxy).',
    schema: text(),
  }),
  REELGATE_FAL_JWKS_URL: spec({
    group: 'providers',
    description:
      "fal's key set for verifying its webhooks. Default: `<REELGATE_FAL_ORIGIN>/.well-known/jwks.json` with an origin, else fal's published JWKS.",
    schema: text(),
  }),
  GOOGLE_GENERATIVE_AI_API_KEY: spec({
    group: 'providers',
    description: 'Enables Google (Veo through the Gemini API).',
    secret: true,
    schema: text(),
  }),
  GOOGLE_GENERATIVE_AI_BASE_URL: spec({
    group: 'providers',
    description: "The Gemini API's base URL.",
    default: 'https://generativelanguage.googleapis.com/v1beta',
    schema: text(),
  }),
  REPLICATE_API_TOKEN: spec({
    group: 'providers',
    description: 'Enables Replicate.',
    secret: true,
    schema: text(),
  }),
  REPLICATE_BASE_URL: spec({
    group: 'providers',
    description: "Replicate's base URL.",
    default: 'https://api.replicate.com/v1',
    schema: text(),
  }),
  REPLICATE_WEBHOOK_SECRET: spec({
    group: 'providers',
    description:
      "Replicate's webhook signing secret; with `REELGATE_PUBLIC_URL`, predictions report back by webhook (polling stays on).",
    secret: true,
    schema: text(),
  }),
  XAI_API_KEY: spec({
    group: 'providers',
    description: 'Enables xAI (Grok Imagine video).',
    secret: true,
    schema: text(),
  }),
  XAI_BASE_URL: spec({
    group: 'providers',
    description: "xAI's base URL.",
    default: 'https://api.x.ai/v1',
    schema: text(),
  }),
  ALIBABA_API_KEY: spec({
    group: 'providers',
    description: 'Enables Alibaba Cloud Model Studio (Wan video, DashScope API).',
    secret: true,
    schema: text(),
  }),
  ALIBABA_VIDEO_BASE_URL: spec({
    group: 'providers',
    description: "The DashScope video API's origin.",
    default: 'https://dashscope-intl.aliyuncs.com',
    schema: text(),
  }),
  MINIMAX_API_KEY: spec({
    group: 'providers',
    description: 'Enables MiniMax (Hailuo video).',
    secret: true,
    schema: text(),
  }),
  MINIMAX_VIDEO_BASE_URL: spec({
    group: 'providers',
    description: "MiniMax's video API origin.",
    default: 'https://api.minimax.io',
    schema: text(),
  }),
  GOOGLE_VERTEX_PROJECT: spec({
    group: 'providers',
    description:
      'Enables Veo on Vertex AI (provider `google-vertex`), with one of `GOOGLE_VERTEX_CREDENTIALS_JSON`, `GOOGLE_APPLICATION_CREDENTIALS` or `GOOGLE_VERTEX_API_KEY`.',
    schema: text(),
  }),
  GOOGLE_VERTEX_LOCATION: spec({
    group: 'providers',
    description: 'The Vertex AI region.',
    default: 'us-central1',
    schema: text(),
  }),
  GOOGLE_VERTEX_CREDENTIALS_JSON: spec({
    group: 'providers',
    description: 'A service-account key (the JSON itself).',
    secret: true,
    schema: text(),
  }),
  GOOGLE_APPLICATION_CREDENTIALS: spec({
    group: 'providers',
    description: "Path of a service-account key file (Google's standard variable).",
    schema: text(),
  }),
  GOOGLE_VERTEX_API_KEY: spec({
    group: 'providers',
    description: 'An express-mode API key (instead of a service account).',
    secret: true,
    schema: text(),
  }),
  GOOGLE_VERTEX_BASE_URL: spec({
    group: 'providers',
    description: "Vertex AI's base URL (publisher path included).",
    schema: text(),
  }),
  GOOGLE_VERTEX_STORAGE_URI: spec({
    group: 'providers',
    description:
      'A `gs://` prefix: Veo writes results to Cloud Storage there (copied with the same credentials).',
    schema: text(),
  }),
  REELGATE_GOOGLE_AUTH_ORIGIN: spec({
    group: 'providers',
    description: "Where Google's OAuth token exchange goes instead (an emulator).",
    schema: text(),
  }),
  REELGATE_GOOGLE_STORAGE_ORIGIN: spec({
    group: 'providers',
    description: 'Where Cloud Storage downloads go instead (an emulator).',
    schema: text(),
  }),
  AI_GATEWAY_API_KEY: spec({
    group: 'providers',
    description: 'Enables the Vercel AI Gateway (provider `gateway`).',
    secret: true,
    schema: text(),
  }),
  AI_GATEWAY_BASE_URL: spec({
    group: 'providers',
    description: "The AI Gateway's base URL.",
    default: 'https://ai-gateway.vercel.sh/v4/ai',
    schema: text(),
  }),
  OPENROUTER_API_KEY: spec({
    group: 'providers',
    description: 'Enables OpenRouter video (provider `openrouter`).',
    secret: true,
    schema: text(),
  }),
  OPENROUTER_BASE_URL: spec({
    group: 'providers',
    description: "OpenRouter's API base URL.",
    default: 'https://openrouter.ai/api/v1',
    schema: text(),
  }),
  OPENROUTER_WEBHOOK_SECRET: spec({
    group: 'providers',
    description:
      "The workspace's webhook signing secret: with REELGATE_PUBLIC_URL, jobs carry a `callback_url` and deliveries are verified.",
    secret: true,
    schema: text(),
  }),
  ARK_API_KEY: spec({
    group: 'providers',
    description: 'Enables ByteDance Seedance on BytePlus ModelArk.',
    secret: true,
    schema: text(),
  }),
  ARK_BASE_URL: spec({
    group: 'providers',
    description: "ModelArk's API base URL (with `/api/v3`).",
    default: 'https://ark.ap-southeast.bytepluses.com/api/v3',
    schema: text(),
  }),
  REELGATE_RETIRED_MODEL_TARGET: spec({
    group: 'providers',
    description:
      'Where requests for retired models (`sora-2`, `sora-1.0`, ...) are routed (a `provider:model` id).',
    schema: text(),
  }),
  REELGATE_DEFAULT_MODEL: spec({
    group: 'providers',
    description: 'The model used when a request names none.',
    schema: text(),
  }),

  // routing
  REELGATE_DEFAULT_MODELS: spec({
    group: 'routing',
    description:
      "The server's default fallback list (`fal:...,google:...`), used when neither the request nor the account names a model; the next model is tried when a start fails before any job exists.",
    schema: text(),
  }),
  REELGATE_MODEL_ALIASES: spec({
    group: 'routing',
    description:
      'Named model lists a request may give as its model, e.g. `fast=fal:fal-ai/veo3/fast,google:veo-3.1-fast-generate-preview;cheap=xai:grok-imagine-video`.',
    schema: text(),
  }),
  REELGATE_CIRCUIT_FAILURES: spec({
    group: 'routing',
    description:
      "Consecutive outage errors that open a provider's circuit (its models are skipped meanwhile).",
    default: '5',
    schema: text(),
  }),
  REELGATE_CIRCUIT_COOLDOWN_SECONDS: spec({
    group: 'routing',
    description: 'How long an open circuit stays open.',
    default: '60',
    schema: text(),
  }),

  // planning
  REELGATE_PROMPT_ENHANCER: spec({
    group: 'planning',
    description:
      'A language model for `POST /v1/prompts/enhance`: `google:<model id>` (uses `GOOGLE_GENERATIVE_AI_API_KEY`) or `xai:<model id>` (`XAI_API_KEY`). Unset: enhancement is off.',
    schema: text(),
  }),
  REELGATE_PROMPT_ENHANCER_BASE_URL: spec({
    group: 'planning',
    description: "The enhancer provider's API base URL.",
    schema: text(),
  }),
  REELGATE_POLICY_ALLOW_RULES: spec({
    group: 'planning',
    description:
      'Comma-separated pre-flight content-policy rules or categories to skip for every account (e.g. `copyrighted_character`); per account, use the admin limits API.',
    schema: list(),
  }),

  // outbound
  REELGATE_OUTBOUND_ALLOW_PRIVATE: spec({
    group: 'outbound',
    description:
      'Provider result URLs and `image_url` inputs may point at private, loopback, link-local and unique-local addresses (and plain http). For local development only; cloud metadata addresses stay refused. See docs/outbound-guard.md.',
    default: 'false',
    schema: flag(false),
  }),
  REELGATE_OUTBOUND_ALLOWED_HOSTS: spec({
    group: 'outbound',
    description:
      'Comma-separated host names (or `*.suffix`) always allowed as download and `image_url` hosts, whatever they resolve to (metadata addresses excepted).',
    schema: list(),
  }),

  // webhooks
  REELGATE_WEBHOOKS_ALLOW_PRIVATE: spec({
    group: 'webhooks',
    description:
      'Webhook targets on private, loopback and link-local addresses (and plain http) are accepted. For local development only.',
    default: 'false',
    schema: text(),
  }),
  REELGATE_WEBHOOK_SECRET_KEY: spec({
    group: 'webhooks',
    description: 'Encrypts stored webhook endpoint secrets (AES-256-GCM) when set.',
    secret: true,
    schema: text(),
  }),
  REELGATE_WEBHOOKS_TIMEOUT_MS: spec({
    group: 'webhooks',
    description: 'Time limit of one delivery attempt.',
    default: '10000',
    schema: text(),
  }),
  REELGATE_WEBHOOKS_MAX_ENDPOINTS: spec({
    group: 'webhooks',
    description: 'Webhook endpoints per account.',
    default: '20',
    schema: text(),
  }),

  // storage
  REELGATE_VIDEO_DELIVERY: spec({
    group: 'storage',
    description:
      '`proxy` (the gateway streams stored videos, with Range) or `presigned` (a redirect to a presigned S3 URL; S3 only).',
    default: 'proxy',
    schema: text(),
  }),
  REELGATE_S3_BUCKET: spec({
    group: 'storage',
    description: 'Store videos in this S3-compatible bucket instead of on local disk (see docs/storage.md).',
    schema: text(),
  }),
  REELGATE_S3_REGION: spec({
    group: 'storage',
    description: 'Region (`auto` for Cloudflare R2).',
    default: 'us-east-1',
    schema: text(),
  }),
  REELGATE_S3_ENDPOINT: spec({
    group: 'storage',
    description: 'Endpoint of a non-AWS service (R2, MinIO, Supabase).',
    schema: text(),
  }),
  REELGATE_S3_PUBLIC_ENDPOINT: spec({
    group: 'storage',
    description: 'Endpoint used in presigned URLs when viewers reach the store by another address.',
    schema: text(),
  }),
  REELGATE_S3_FORCE_PATH_STYLE: spec({
    group: 'storage',
    description: 'Path-style URLs (`https://endpoint/bucket/key`; MinIO, Supabase).',
    default: 'false',
    schema: text(),
  }),
  REELGATE_S3_ACCESS_KEY_ID: spec({
    group: 'storage',
    description: "Static credentials (with the secret); without them, the AWS SDK's default chain applies.",
    secret: true,
    schema: text(),
  }),
  REELGATE_S3_SECRET_ACCESS_KEY: spec({
    group: 'storage',
    description: 'The secret of `REELGATE_S3_ACCESS_KEY_ID`.',
    secret: true,
    schema: text(),
  }),
  REELGATE_S3_PREFIX: spec({
    group: 'storage',
    description: 'Prepended to every key, e.g. `reelgate/` to share a bucket.',
    schema: text(),
  }),
  REELGATE_S3_PRESIGN_EXPIRES_SECONDS: spec({
    group: 'storage',
    description: 'Lifetime of presigned URLs for `presigned` delivery.',
    default: '3600',
    schema: text(),
  }),
  REELGATE_S3_PART_SIZE_MB: spec({
    group: 'storage',
    description: 'Multipart upload part size (at least 5).',
    default: '8',
    schema: text(),
  }),
  REELGATE_S3_UPLOAD_CONCURRENCY: spec({
    group: 'storage',
    description: 'Parts uploaded at once.',
    default: '2',
    schema: text(),
  }),

  // worker
  REELGATE_WORKER_CONCURRENCY: spec({
    group: 'worker',
    description: 'Generations one worker process drives at once.',
    default: '4',
    schema: number(4),
  }),
  REELGATE_WORKER_ID: spec({
    group: 'worker',
    description: 'Name of this worker in leases, logs and metrics. Default: host name and process id.',
    schema: text(),
  }),
  REELGATE_WORKER_LEASE_MS: spec({
    group: 'worker',
    description: "How long a claim stays a worker's before another may take it over.",
    default: '60000',
    schema: number(),
  }),
  REELGATE_AMBIGUOUS_START: spec({
    group: 'worker',
    description:
      'A start that may have made a job (timeout or reset after sending, 5xx, crash before the answer was recorded) on a provider that does not deduplicate starts, when no job is found for it within the grace window: `fail` ends the generation `start_unconfirmed` and re-sends nothing; `retry` re-sends, knowingly risking a second paid job (counted in `reelgate_ambiguous_starts_total`).',
    default: 'fail',
    schema: oneOf(['fail', 'retry'], 'fail'),
  }),
  REELGATE_AMBIGUOUS_START_GRACE_MS: spec({
    group: 'worker',
    description:
      'How long lost-job lookups of an unconfirmed start go on (real-provider time) before REELGATE_AMBIGUOUS_START decides.',
    default: '120000',
    schema: number(120_000),
  }),
  REELGATE_LATE_ADOPTION_WINDOW_MS: spec({
    group: 'worker',
    description:
      'For how long (real-provider time) generations that ended `start_unconfirmed` or `timed_out` are looked up again, every 5 minutes: a job found for them (or a timed-out job that has since completed) is attached and its video stored. 0 turns late adoption off.',
    default: '86400000',
    schema: number(86_400_000),
  }),
  REELGATE_STATUS_SWEEP: spec({
    group: 'worker',
    description:
      "Status sweeps: `auto` reads the job list of a provider whose API lists jobs with their status (OpenAI-compatible, Replicate; one request for up to 100 jobs) when enough generations run there: with many, about every second, finding each finish itself (at most 2 list requests per generation); with a few, up to every 30 s, sampling progress so that each generation's own checks only land on its predicted finish (OpenAI-compatible only; at most 1 list request per generation). `off` checks every generation on its own.",
    default: 'auto',
    schema: oneOf(['auto', 'off'], 'auto'),
  }),
  REELGATE_POLL_MIN_INTERVAL_MS: spec({
    group: 'worker',
    description: 'Floor between two status checks of one generation, at real-provider speed.',
    default: '2000',
    schema: number(2_000),
  }),
  REELGATE_DEADLINE_FACTOR: spec({
    group: 'worker',
    description:
      "A generation's deadline is `max(factor x the model's typical time, REELGATE_DEADLINE_MIN_MS)`.",
    default: '4',
    schema: number(4),
  }),
  REELGATE_DEADLINE_MIN_MS: spec({
    group: 'worker',
    description: 'The shortest deadline.',
    default: '900000 (15 min)',
    schema: number(15 * 60_000),
  }),
  REELGATE_DEADLINE_MODELS: spec({
    group: 'worker',
    description:
      'Deadlines for particular models, `provider:model=seconds` pairs, comma-separated (e.g. `openai:sora-2-pro=3600,fal:fal-ai/veo3=2400`).',
    schema: text(),
  }),

  // observability (OpenTelemetry's standard variables)
  OTEL_EXPORTER_OTLP_ENDPOINT: spec({
    group: 'observability',
    description: 'Exports traces over OTLP/HTTP to `<endpoint>/v1/traces`. Unset: no exporter.',
    schema: text(),
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: spec({
    group: 'observability',
    description: 'The traces endpoint itself (used as is; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`).',
    schema: text(),
  }),
  OTEL_SERVICE_NAME: spec({
    group: 'observability',
    description: 'Service name on exported spans.',
    default: 'reelgate',
    schema: text(),
  }),
  OTEL_SDK_DISABLED: spec({
    group: 'observability',
    description: '`true` turns trace export off.',
    default: 'false',
    schema: text(),
  }),
  REELGATE_TRACE_PROMPTS: spec({
    group: 'observability',
    description: "`true` puts the prompt's text on the create span (off: prompts may be personal data).",
    default: 'false',
    schema: text(),
  }),

  // media: where the tools are (config.media, looked up by src/media/tools.ts)
  REELGATE_FFMPEG: spec({
    group: 'media',
    description:
      'Path of the ffmpeg binary. Default: `ffmpeg` on `PATH`, else the one shipped by `@ffmpeg-installer/ffmpeg`.',
    schema: text(),
  }),
  REELGATE_FFPROBE: spec({
    group: 'media',
    description: 'Path of the ffprobe binary (same search as ffmpeg).',
    schema: text(),
  }),
  REELGATE_FONT: spec({
    group: 'media',
    description:
      'A TrueType font for the text the emulator draws on its videos. Default: DejaVu Sans when installed.',
    schema: text(),
  }),
  PATH: spec({
    group: 'media',
    description:
      'Directories searched for ffmpeg and ffprobe when their paths are not set. Unset: /usr/local/bin, /usr/bin, /bin, /opt/homebrew/bin.',
    schema: text(),
  }),

  // cli (the client commands talking to a running gateway)
  REELGATE_URL: spec({
    group: 'cli',
    description: 'The gateway the CLI talks to. Default: `http://<HOST>:<PORT>`.',
    schema: text(),
  }),
  REELGATE_API_KEY: spec({
    group: 'cli',
    description: 'The API key the CLI sends. Default: `<data dir>/local-key` when present.',
    secret: true,
    schema: text(),
  }),
  REELGATE_ADMIN_KEY: spec({
    group: 'cli',
    description: '`reelgate keys`: the admin key used against a running gateway.',
    secret: true,
    schema: text(),
  }),
  REELGATE_POLL_INTERVAL_MS: spec({
    group: 'cli',
    description: 'How often `reelgate generate` polls a generation.',
    default: '2000',
    schema: number(),
  }),
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;

/** Families of variables whose names carry a part (a provider name, an endpoint name). */
export interface VariablePattern {
  /** As shown in the docs, e.g. `REELGATE_PROVIDER_RATE_LIMIT_<PROVIDER>`. */
  pattern: string;
  /** Every matching name starts with this. */
  prefix: string;
  group: ConfigGroup;
  description: string;
  secret?: boolean;
}

export const variablePatterns: VariablePattern[] = [
  {
    pattern: 'REELGATE_OPENAI_COMPAT_<NAME>_BASE_URL',
    prefix: 'REELGATE_OPENAI_COMPAT_',
    group: 'providers',
    description:
      'Adds an OpenAI-compatible videos endpoint as provider `<name>` (lower case, `_` becomes `-`); its models are addressed as `<name>:<model>`.',
  },
  {
    pattern: 'REELGATE_OPENAI_COMPAT_<NAME>_API_KEY',
    prefix: 'REELGATE_OPENAI_COMPAT_',
    group: 'providers',
    description: "That endpoint's API key.",
    secret: true,
  },
  {
    pattern: 'REELGATE_OPENAI_COMPAT_<NAME>_WEBHOOK_SECRET',
    prefix: 'REELGATE_OPENAI_COMPAT_',
    group: 'providers',
    description: "That endpoint's webhook signing secret (OpenAI's scheme).",
    secret: true,
  },
  {
    pattern: 'REELGATE_PROVIDER_RATE_LIMIT_<PROVIDER>',
    prefix: 'REELGATE_PROVIDER_RATE_LIMIT_',
    group: 'worker',
    description:
      'Requests per minute to one provider, shared by every worker (e.g. `_OPENAI=60`; `_DEFAULT` applies to unlisted real providers; `0`: off).',
  },
];
