/**
 * Emulator settings from command-line flags and REELGATE_EMULATOR_<NAME> environment
 * variables (flags win). One table drives both, so docs, CLI and env stay in step.
 */
import type { EmulatorOptions } from './options.ts';

export interface EmulatorSetting {
  /** Flag name without dashes, e.g. "data-dir" (env: REELGATE_EMULATOR_DATA_DIR). */
  flag: string;
  description: string;
  kind: 'number' | 'string' | 'rate' | 'idempotency';
  apply(options: EmulatorOptions, value: string | number): void;
}

const rate =
  (key: keyof NonNullable<EmulatorOptions['faults']>) =>
  (options: EmulatorOptions, value: string | number) => {
    options.faults = { ...options.faults, [key]: Number(value) };
  };

export const EMULATOR_SETTINGS: EmulatorSetting[] = [
  {
    flag: 'port',
    kind: 'number',
    description: 'TCP port (default 4010)',
    apply: (o, v) => {
      o.port = Number(v);
    },
  },
  {
    flag: 'host',
    kind: 'string',
    description: 'interface to bind (default 127.0.0.1)',
    apply: (o, v) => {
      o.host = String(v);
    },
  },
  {
    flag: 'speed',
    kind: 'number',
    description: 'time compression: generation times are divided by it (default 1)',
    apply: (o, v) => {
      o.speed = Number(v);
    },
  },
  {
    flag: 'progress',
    kind: 'string',
    description: "progress model: 'linear' (default) or 'uneven' (stalls and jumps, like real providers)",
    apply: (o, v) => {
      const model = String(v);
      if (model !== 'linear' && model !== 'uneven')
        throw new Error(`progress must be linear or uneven, got '${model}'`);
      o.progress = model;
    },
  },
  {
    flag: 'seed',
    kind: 'number',
    description: 'seed for timing and fault randomness',
    apply: (o, v) => {
      o.seed = Number(v);
    },
  },
  {
    flag: 'data-dir',
    kind: 'string',
    description: 'directory for rendered media and uploads',
    apply: (o, v) => {
      o.dataDir = String(v);
    },
  },
  {
    flag: 'jobs-file',
    kind: 'string',
    description: 'keep jobs in this file so a restarted emulator still knows them (default: memory only)',
    apply: (o, v) => {
      o.jobsFile = String(v);
    },
  },
  {
    flag: 'api-key',
    kind: 'string',
    description: 'accept only this bearer key (default: any non-empty key)',
    apply: (o, v) => {
      o.apiKey = String(v);
    },
  },
  {
    flag: 'webhook-url',
    kind: 'string',
    description: 'URL that receives video.completed / video.failed webhooks',
    apply: (o, v) => {
      o.webhookUrl = String(v);
    },
  },
  {
    flag: 'webhook-secret',
    kind: 'string',
    description: 'whsec_... secret used to sign webhooks (Standard Webhooks)',
    apply: (o, v) => {
      o.webhookSecret = String(v);
    },
  },
  {
    flag: 'webhook-max-attempts',
    kind: 'number',
    description: 'attempts per webhook event (default 6)',
    apply: (o, v) => {
      o.webhookMaxAttempts = Number(v);
    },
  },
  {
    flag: 'webhook-retry-base-ms',
    kind: 'number',
    description: 'first webhook retry delay in ms, doubled per retry, divided by speed (default 5000)',
    apply: (o, v) => {
      o.webhookRetryBaseMs = Number(v);
    },
  },
  {
    flag: 'result-lifetime',
    kind: 'number',
    description: 'seconds a result stays downloadable after completion (default 3600)',
    apply: (o, v) => {
      o.resultLifetimeSeconds = Number(v);
    },
  },
  {
    flag: 'rate-limit',
    kind: 'number',
    description: 'create calls allowed per API key per minute; 429 beyond (default unlimited)',
    apply: (o, v) => {
      o.rateLimit = { requests: Number(v), windowMs: o.rateLimit?.windowMs ?? 60_000 };
    },
  },
  {
    flag: 'rate-limit-window-ms',
    kind: 'number',
    description: 'length of the rate-limit window in ms (default 60000; not divided by speed)',
    apply: (o, v) => {
      if (o.rateLimit) o.rateLimit = { ...o.rateLimit, windowMs: Number(v) };
    },
  },
  {
    flag: 'slow-ms',
    kind: 'number',
    description: 'delay of a "slow" response in ms (default 3000)',
    apply: (o, v) => {
      o.slowResponseMs = Number(v);
    },
  },
  {
    flag: 'idempotency',
    kind: 'idempotency',
    description:
      'on|off: force every face to deduplicate creates by Idempotency-Key, or not (default: as each real API documents)',
    apply: (o, v) => {
      o.idempotency = v as 'on' | 'off' | 'provider';
    },
  },
  {
    flag: 'fault-5xx',
    kind: 'rate',
    description: 'probability of a 500 reply to any request',
    apply: rate('http5xx'),
  },
  {
    flag: 'fault-429',
    kind: 'rate',
    description: 'probability of a 429 reply to any request',
    apply: rate('http429'),
  },
  { flag: 'fault-slow', kind: 'rate', description: 'probability of a slow reply', apply: rate('slow') },
  {
    flag: 'fault-reset',
    kind: 'rate',
    description: 'probability a content download is reset',
    apply: rate('reset'),
  },
  {
    flag: 'fault-truncate',
    kind: 'rate',
    description: 'probability a content download is cut short',
    apply: rate('truncate'),
  },
  {
    flag: 'fault-fail',
    kind: 'rate',
    description: 'probability a job fails with internal_error',
    apply: rate('fail'),
  },
];

export type EmulatorSettingValues = Record<string, string | number | undefined>;

/** REELGATE_EMULATOR_DATA_DIR for "data-dir". */
export function envNameOf(flag: string): string {
  return `REELGATE_EMULATOR_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Options from environment variables, overridden by explicit values keyed by flag name
 * (commander's camelCase keys are accepted too). Throws on a malformed number or rate.
 *
 * @example
 * emulatorOptionsFromEnv(process.env, { speed: '1000' }) // { speed: 1000, ... }
 */
export function emulatorOptionsFromEnv(
  env: Record<string, string | undefined>,
  values: EmulatorSettingValues = {},
): EmulatorOptions {
  const options: EmulatorOptions = {};
  for (const setting of EMULATOR_SETTINGS) {
    const camel = setting.flag.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
    const raw = values[setting.flag] ?? values[camel] ?? env[envNameOf(setting.flag)];
    if (raw === undefined || raw === '') continue;
    if (setting.kind === 'idempotency') {
      if (raw !== 'on' && raw !== 'off' && raw !== 'provider') {
        throw new Error(`--${setting.flag} must be on, off or provider, got '${raw}'`);
      }
    } else if (setting.kind !== 'string') {
      const number = Number(raw);
      if (!Number.isFinite(number)) throw new Error(`--${setting.flag} must be a number, got '${raw}'`);
      if (setting.kind === 'rate' && (number < 0 || number > 1)) {
        throw new Error(`--${setting.flag} must be a probability between 0 and 1, got '${raw}'`);
      }
    }
    setting.apply(options, raw);
  }
  return options;
}
