/**
 * Binds a provider package to reelgate's engine (the `ProviderBinding` port in
 * src/providers/provider-port.ts): adapted models, job ids, status and error mapping, cancel,
 * webhooks and download credentials. Each provider folder fills in the few parts that differ.
 */
import type { Experimental_VideoModelV4 as VideoModelV4, JSONValue } from '@ai-sdk/provider';
import { ReelgateError } from '../../core/errors.ts';
import type { ProviderBinding, StatusInfo, StatusResult, VerifiedWebhook } from '../provider-port.ts';
import { type ClassifyContext, withGenerationContext } from '../job-lost.ts';
import { AdaptedVideoModel, normalizedStatusOf } from './adapted-video-model.ts';
import { classifyThrown, redact, toReelgateError } from './classify.ts';
import { basicStatus, type ProviderFamily } from './provider-family.ts';

export interface AdaptedBindingOptions {
  /** Provider name as stored on generations and used in `provider:model` ids. */
  name: string;
  family: ProviderFamily;
  /** The package's own model for an id (e.g. `createFal(...).video(id)`). */
  createModel(modelId: string): VideoModelV4;
  jobIdOf(operation: JSONValue): string | undefined;
  /** Secrets never to show in messages (the API key). */
  secrets: readonly string[];
  emulated: boolean;
  timeScale: number;
  /** See ProviderBinding.deduplicatesStarts; false unless the provider documents it. */
  deduplicatesStarts?: boolean;
  now?: () => number;
  credentialOrigin?: string;
  credentialHeaders?: Record<string, string>;
  cancel?(operation: JSONValue): Promise<void>;
  verifyWebhook?(rawBody: string, headers: Headers): Promise<VerifiedWebhook>;
  webhooksConfigured?: boolean;
  /** Webhook URL given to the provider on every start (when it supports per-job webhooks). */
  webhookUrl?: string | undefined;
}

/** What every provider's settings carry besides its credential and address. */
export interface BindingRuntimeSettings {
  fetch?: typeof fetch | undefined;
  /** The address is reelgate's emulator (labels and timings say so). */
  emulated?: boolean | undefined;
  /** The emulator's speed-up, so polling scales with it. */
  timeScale?: number | undefined;
  /**
   * Whether a re-sent start returns the first job. Defaults to what the provider documents; set
   * only for an emulator forced either way (REELGATE_EMULATOR_IDEMPOTENCY).
   */
  deduplicatesStarts?: boolean | undefined;
  now?: (() => number) | undefined;
}

/** The runtime part of `adaptedBinding`'s options, from a provider's settings. */
export function runtimeOptions(
  settings: BindingRuntimeSettings,
  provider: { documentsDeduplication: boolean },
): Pick<AdaptedBindingOptions, 'emulated' | 'timeScale' | 'deduplicatesStarts' | 'now'> {
  return {
    emulated: settings.emulated ?? false,
    timeScale: settings.timeScale ?? 1,
    deduplicatesStarts: settings.deduplicatesStarts ?? provider.documentsDeduplication,
    ...(settings.now ? { now: settings.now } : {}),
  };
}

/** A `jobIdOf` for operations that carry the job id in one string field. */
export function jobIdField(field: string): (operation: JSONValue) => string | undefined {
  return (operation) => {
    const id = (operation as Record<string, unknown> | null)?.[field];
    return typeof id === 'string' ? id : undefined;
  };
}

export function adaptedBinding(options: AdaptedBindingOptions): ProviderBinding {
  const now = options.now ?? Date.now;
  const models = new Map<string, AdaptedVideoModel>();
  const videoModel = (modelId: string) => {
    let model = models.get(modelId);
    if (!model) {
      const imageId = options.family.imageModelId?.(modelId);
      let imageModel: VideoModelV4 | undefined;
      model = new AdaptedVideoModel(options.createModel(modelId), {
        imageModel:
          imageId && imageId !== modelId
            ? () => {
                imageModel ??= options.createModel(imageId);
                return imageModel;
              }
            : undefined,
        family: options.family,
        secrets: options.secrets,
        now,
        webhookUrl: options.webhookUrl,
        providerName: options.name,
        jobIdOf: options.jobIdOf,
      });
      models.set(modelId, model);
    }
    return model;
  };
  return {
    name: options.name,
    deduplicatesStarts: options.deduplicatesStarts ?? false,
    emulated: options.emulated,
    timeScale: options.timeScale,
    extraVariants: [],
    webhooksConfigured: options.webhooksConfigured ?? false,
    ...(options.credentialOrigin ? { credentialOrigin: options.credentialOrigin } : {}),
    ...(options.credentialHeaders ? { credentialHeaders: options.credentialHeaders } : {}),
    videoModel,
    jobIdOf: options.jobIdOf,
    ...(options.cancel ? { cancel: options.cancel } : {}),
    ...(options.verifyWebhook ? { verifyWebhook: options.verifyWebhook } : {}),
    classifyError(error: unknown, nowMs: number, context?: ClassifyContext): ReelgateError {
      if (error instanceof ReelgateError) return withGenerationContext(error, context);
      const info = options.family.classifyThrown(error, undefined, nowMs);
      info.message = redact(info.message, options.secrets);
      return toReelgateError(info, error);
    },
    statusInfo: (result: StatusResult, context?: ClassifyContext) => {
      const info = statusInfoOf(result);
      if (info.failure) info.failure = withGenerationContext(info.failure, context);
      return info;
    },
  };
}

/** StatusInfo from a result an AdaptedVideoModel produced (or a plain one, read generically). */
export function statusInfoOf(result: StatusResult): StatusInfo {
  const normalized = normalizedStatusOf(result) ?? basicStatus(result);
  const info: StatusInfo = {
    providerStatus: normalized.providerStatus,
    progress: normalized.progress,
    queuePosition: normalized.queuePosition,
    started: normalized.started,
    resultExpiresAtMs: normalized.resultExpiresAtMs,
    completedAtMs: normalized.completedAtMs,
    ...(normalized.unknownStatus ? { unknownStatus: true } : {}),
  };
  if (result.status === 'error') {
    info.failure = toReelgateError(
      normalized.failure ?? { code: 'provider_outage', message: result.error, retryable: false },
    );
  }
  return info;
}

/** A binding for any other `VideoModelV4` registered in code, with generic error mapping. */
export function customBinding(
  name: string,
  createModel: (modelId: string) => VideoModelV4,
  options: {
    emulated?: boolean;
    timeScale?: number;
    secrets?: readonly string[];
    jobIdOf?: (operation: JSONValue) => string | undefined;
  } = {},
): ProviderBinding {
  const family: ProviderFamily = {
    name,
    adaptOptions: (_modelId, callOptions) => callOptions,
    interpretStatus: (result) => basicStatus(result),
    classifyThrown: (error, _captured, nowMs) => classifyThrown(name, error, nowMs),
  };
  return adaptedBinding({
    name,
    family,
    createModel,
    jobIdOf: options.jobIdOf ?? ((operation) => firstString(operation)),
    secrets: options.secrets ?? [],
    emulated: options.emulated ?? false,
    timeScale: options.timeScale ?? 1,
  });
}

function firstString(operation: JSONValue): string | undefined {
  if (typeof operation === 'string') return operation;
  if (operation && typeof operation === 'object' && !Array.isArray(operation)) {
    for (const value of Object.values(operation)) if (typeof value === 'string') return value;
  }
  return undefined;
}
