/**
 * Telemetry of the worker's steps. Spans are parented on the trace stored on the generation's row
 * (so every process that runs a step adds to the one trace the API process opened); attributes
 * are only closed-set or numeric fields of the row, never the prompt, URLs or credentials. Each
 * provider call also counts in `reelgate_provider_calls_total` and times itself in
 * `reelgate_provider_call_duration_seconds`.
 */
import { type Attributes, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
import type { GenerationRow } from '../db/queries/generation-row.ts';
import { defaultTracing, markFailed, type Tracing } from '../telemetry/tracing.ts';
import type { EngineDeps } from './engine-deps.ts';
import { codeLabel } from './metrics.ts';

type TracedRow = Pick<GenerationRow, 'id' | 'provider' | 'model' | 'size' | 'duration_seconds'> & {
  trace_context?: string | null | undefined;
};

export function tracingOf(deps: Pick<EngineDeps, 'tracing'>): Tracing {
  return deps.tracing ?? defaultTracing();
}

/** What every span of a generation says about it. */
export function generationAttributes(row: TracedRow): Attributes {
  return {
    'reelgate.generation_id': row.id,
    'reelgate.provider': row.provider,
    'reelgate.model': row.model,
    'reelgate.size': row.size,
    'reelgate.duration_seconds': row.duration_seconds,
  };
}

/** Runs one step's work in a span of the generation's trace. */
export function stepSpan<T>(
  deps: Pick<EngineDeps, 'tracing'>,
  row: TracedRow,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracingOf(deps).inSpan(
    name,
    { parent: row.trace_context ?? null, attributes: { ...generationAttributes(row), ...attributes } },
    work,
  );
}

/**
 * Opens a generation's trace where it is accepted: the `reelgate.generation.create` span, whose
 * `traceparent` is stored on the row. The caller ends the span once the row is written.
 */
export function openGenerationTrace(
  deps: Pick<EngineDeps, 'tracing'>,
  row: TracedRow,
  details: { prompt: string; surface?: string | undefined; parent?: string | null | undefined },
): { span: Span; traceContext: string | null } {
  const tracing = tracingOf(deps);
  const span = tracing.startSpan('reelgate.generation.create', {
    parent: details.parent ?? null,
    attributes: {
      ...generationAttributes(row),
      ...(details.surface ? { 'reelgate.surface': details.surface } : {}),
      ...(tracing.capturePrompts ? { 'reelgate.prompt': details.prompt } : {}),
    },
  });
  return { span, traceContext: tracing.contextOf(span) };
}

/** Starts a span of the generation's trace; the caller ends it. */
export function startStepSpan(
  deps: Pick<EngineDeps, 'tracing'>,
  row: TracedRow,
  name: string,
  attributes: Attributes = {},
  parent?: Span,
): Span {
  return tracingOf(deps).startSpan(name, {
    parent: parent ? trace.setSpan(ROOT_CONTEXT, parent) : (row.trace_context ?? null),
    attributes: { ...generationAttributes(row), ...attributes },
  });
}

export type ProviderCall = 'start' | 'status' | 'download';

/**
 * One call to a provider: a `reelgate.provider.<call>` span, plus its count and latency.
 *
 * @example
 * const call = beginProviderCall(deps, claim.provider.name, row, 'status');
 * try { await model.doStatus(...); call.done('ok'); } catch { call.done(error.code); }
 */
export function beginProviderCall(
  deps: Pick<EngineDeps, 'tracing' | 'metrics' | 'clock'>,
  provider: string,
  row: TracedRow,
  call: ProviderCall,
  attributes: Attributes = {},
): { span: Span; done(outcome: string, more?: Attributes): void } {
  const startedAt = deps.clock.now();
  const span = startStepSpan(deps, row, `reelgate.provider.${call}`, attributes);
  let ended = false;
  return {
    span,
    done(outcome, more = {}) {
      if (ended) return;
      ended = true;
      const label = codeLabel(outcome);
      deps.metrics.providerCalls.inc({ call, outcome: label, provider });
      deps.metrics.providerCallDuration.observe(
        { provider, call },
        Math.max(0, deps.clock.now() - startedAt) / 1000,
      );
      span.setAttributes(more);
      if (outcome !== 'ok') markFailed(span, label);
      span.end();
    },
  };
}
