/**
 * What differs between provider packages, as one small interface each provider folder
 * implements: how reelgate's call options become the package's, and how the package's
 * results and errors (plus the raw response behind them) read in reelgate's terms.
 */
import type {
  Experimental_VideoModelV4CallOptions as CallOptions,
  Experimental_VideoModelV4OperationStatusResult as StatusResult,
} from '@ai-sdk/provider';
import type { FailureInfo } from './classify.ts';
import type { CapturedResponse } from './response-capture.ts';

export type { CallOptions, StatusResult };

/** A status in reelgate's terms, JSON-safe so it can ride in `providerMetadata.reelgate`. */
export interface NormalizedStatus {
  providerStatus: string;
  progress: number | null;
  queuePosition: number | null;
  started: boolean;
  resultExpiresAtMs: number | null;
  completedAtMs: number | null;
  failure?: FailureInfo;
  unknownStatus?: boolean;
}

export interface ProviderFamily {
  /** Provider name used in messages. */
  readonly name: string;
  /** reelgate passes `resolution: "WIDTHxHEIGHT"` and a duration; the package may want other fields. */
  adaptOptions(modelId: string, options: CallOptions): CallOptions;
  interpretStatus(
    result: StatusResult,
    captured: CapturedResponse | undefined,
    nowMs: number,
  ): NormalizedStatus;
  /** The endpoint serving image-to-video for a text-to-video model id, when it differs. */
  imageModelId?(modelId: string): string | undefined;
  /** Classifies what start or status threw (refusals, expiry, HTTP errors...). */
  classifyThrown(error: unknown, captured: CapturedResponse | undefined, nowMs: number): FailureInfo;
  /** Adjusts a completed result, e.g. strips credentials a package put into URLs. */
  sanitizeCompleted?(
    result: Extract<StatusResult, { status: 'completed' }>,
  ): Extract<StatusResult, { status: 'completed' }>;
}

/** A generic pending/completed/error reading for packages without richer status data. */
export function basicStatus(result: StatusResult): NormalizedStatus {
  return {
    providerStatus: result.status,
    progress: null,
    queuePosition: null,
    started: result.status !== 'pending',
    resultExpiresAtMs: null,
    completedAtMs: null,
    ...(result.status === 'error'
      ? { failure: { code: 'provider_outage', message: result.error, retryable: false } as FailureInfo }
      : {}),
  };
}
