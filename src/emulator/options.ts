import type { Clock } from '../core/clock.ts';
import type { MediaTools } from '../media/tools.ts';
import type { Random } from '../core/random.ts';
import type { EmulatorFace } from './core/face.ts';
import type { IdempotencyMode } from './core/core.ts';
import type { FaultRates } from './core/faults.ts';
import type { RateLimitOptions } from './core/rate-limit.ts';

/** Everything `startEmulator` / `createEmulatorApp` accept; every field has a default. */
export interface EmulatorOptions {
  /** TCP port (default 4010; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Time compression: generation and webhook-retry waits are divided by it (default 1). */
  speed?: number;
  /** Seed for the random generator behind timing and fault rates (default: random). */
  seed?: number;
  /**
   * How jobs report progress: `linear` (default) or `uneven` (stalls, jumps and a long wait at
   * 90-something percent before the result, as real providers report it; same finish times).
   */
  progress?: 'linear' | 'uneven';
  /** Probabilities of randomly injected faults (all default 0). */
  faults?: Partial<FaultRates>;
  /** How long a "slow" response is held back, in ms (default 3000; not divided by speed). */
  slowResponseMs?: number;
  /** Limit on create calls per API key; 429 with Retry-After beyond it (default none). */
  rateLimit?: RateLimitOptions | null;
  /** Where to POST video.completed / video.failed events (default none). */
  webhookUrl?: string;
  /** `whsec_<base64>` signing secret for webhooks (needed with webhookUrl). */
  webhookSecret?: string;
  /** Attempts per webhook event, first included (default 6). */
  webhookMaxAttempts?: number;
  /** Delay before the first webhook retry in ms, doubled each time, divided by speed (default 5000). */
  webhookRetryBaseMs?: number;
  /** Directory for rendered media and uploads (default: a shared cache dir under the OS temp dir). */
  dataDir?: string;
  /**
   * Keep the jobs in this JSON Lines file, so a restarted emulator still knows them (with their
   * timing and outcome) like a real provider does (default: jobs live in memory only).
   */
  jobsFile?: string;
  /** Accept only this bearer key (default: any non-empty key). */
  apiKey?: string | null;
  /** How long results stay downloadable after completion, in seconds (default 3600; not divided by speed). */
  resultLifetimeSeconds?: number;
  /** Injected clock (default: the system clock). */
  clock?: Clock;
  /** Injected randomness (default: seeded from `seed`). */
  random?: Random;
  /** Fetch used for webhooks and loopback reference-image URLs (default: global fetch). */
  fetch?: typeof fetch;
  /**
   * Create deduplication by Idempotency-Key: `provider` (default) as each real API documents
   * it (none of the built-in faces' APIs do), `on`/`off` for every face.
   */
  idempotency?: IdempotencyMode;
  /** Faces to serve (default: the OpenAI face under /v1). */
  faces?: EmulatorFace[];
  /** ffmpeg and the font drawn on videos (the gateway passes its configured ones; default: looked up in the system directories). */
  media?: MediaTools;
}
