/**
 * A ProviderFamily for the common "submit a task, poll its status string" APIs (DashScope,
 * MiniMax, ModelArk, OpenRouter, Kling...): each provider names where its status, progress and
 * error code live in the raw status body, which status strings mean what, and how its error
 * codes map (refusals, rate limits); the rest is shared.
 */
import { type FailureInfo, classifyThrown } from './classify.ts';
import type { CallOptions, NormalizedStatus, ProviderFamily } from './provider-family.ts';
import type { CapturedResponse } from './response-capture.ts';

export type TaskPhase = 'queued' | 'running' | 'completed' | 'failed' | 'canceled' | 'expired';

export interface TaskReading {
  status?: string | undefined;
  progress?: number | null | undefined;
  queuePosition?: number | null | undefined;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
  /** When the result link stops working (Unix ms), when the provider says. */
  expiresAtMs?: number | null | undefined;
}

export interface TaskFamilySpec {
  name: string;
  /** Display name in messages ("Alibaba Model Studio"). */
  label: string;
  adaptOptions?(modelId: string, options: CallOptions): CallOptions;
  imageModelId?(modelId: string): string | undefined;
  /** Reads the raw status body. */
  read(body: unknown): TaskReading;
  phases: Readonly<Record<string, TaskPhase>>;
  /** How long results stay downloadable when the provider does not say (ms). */
  resultLifetimeMs: number | null;
  /** A failed task's error in reelgate's terms. */
  failure(reading: TaskReading, fallbackMessage: string): FailureInfo;
  /** Provider-specific reading of what start/status threw (e.g. a refusal answered at submission). */
  classifyThrown?(
    error: unknown,
    captured: CapturedResponse | undefined,
    nowMs: number,
  ): FailureInfo | undefined;
}

export function taskFamily(spec: TaskFamilySpec): ProviderFamily {
  return {
    name: spec.name,
    adaptOptions: spec.adaptOptions ?? ((_modelId, options) => options),
    ...(spec.imageModelId ? { imageModelId: spec.imageModelId } : {}),
    interpretStatus(result, captured, nowMs): NormalizedStatus {
      const reading = spec.read(captured?.body);
      const status = reading.status ?? result.status;
      const phase = spec.phases[status];
      const progress =
        typeof reading.progress === 'number' ? Math.max(0, Math.min(100, reading.progress)) : null;
      const normalized: NormalizedStatus = {
        providerStatus: status,
        progress,
        queuePosition: reading.queuePosition ?? null,
        started: phase !== 'queued',
        resultExpiresAtMs:
          result.status === 'completed'
            ? (reading.expiresAtMs ?? (spec.resultLifetimeMs === null ? null : nowMs + spec.resultLifetimeMs))
            : null,
        completedAtMs: result.status === 'completed' ? nowMs : null,
        ...(phase === undefined && result.status === 'pending' ? { unknownStatus: true } : {}),
      };
      if (result.status !== 'error') return normalized;
      if (phase === 'canceled') {
        normalized.failure = {
          code: 'canceled',
          message: `${spec.label} reports the job as canceled.`,
          retryable: false,
          providerCode: status,
        };
      } else if (phase === 'expired') {
        normalized.failure = {
          code: 'result_expired',
          message: `${spec.label} reports the job as expired.`,
          retryable: false,
          providerCode: status,
        };
      } else {
        normalized.failure = spec.failure(reading, result.error);
      }
      return normalized;
    },
    classifyThrown(error, captured, nowMs): FailureInfo {
      return spec.classifyThrown?.(error, captured, nowMs) ?? classifyThrown(spec.name, error, nowMs);
    },
  };
}

/** A string field of a JSON value, or undefined. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'number') return String(current);
  return typeof current === 'string' ? current : undefined;
}

/** A number field of a JSON value, or undefined. */
export function numberAt(value: unknown, ...path: string[]): number | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : undefined;
}
