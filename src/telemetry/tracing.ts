/**
 * Tracing through the OpenTelemetry API: one trace per generation. The API process opens the
 * trace when it accepts a generation and stores the W3C `traceparent` on the row; whichever worker
 * runs a step later parents its spans on that stored context, so the trace survives the hop
 * between processes (and restarts) without any process keeping it in memory.
 *
 * Off by default. With `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
 * set, spans are batched and exported as OTLP/HTTP JSON. Without it, spans go to whatever tracer
 * provider the host application registered with the OpenTelemetry API (none: no-op, nothing
 * recorded, no trace context stored).
 *
 * Attributes are chosen field by field (see `generationAttributes`): never credentials, URLs or
 * error messages; the prompt only with REELGATE_TRACE_PROMPTS=true.
 *
 * @example
 * const tracing = createTracing(tracingConfigFromEnv(process.env));
 * const span = tracing.startSpan('reelgate.generation.create', { attributes: { 'reelgate.model': 'sora-2' } });
 * const stored = tracing.contextOf(span); // "00-<trace id>-<span id>-01" or null
 * span.end();
 * await tracing.shutdown();
 */
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

export interface TracingConfig {
  /** Where OTLP/HTTP spans go; undefined: no exporter of our own. */
  otlpTracesUrl: string | undefined;
  /** OTEL_SERVICE_NAME (default `reelgate`). */
  serviceName: string;
  /** REELGATE_TRACE_PROMPTS=true: put the prompt's text on the create span (off by default). */
  capturePrompts: boolean;
}

/** Reads the standard OpenTelemetry variables (and REELGATE_TRACE_PROMPTS). */
export function tracingConfigFromEnv(env: Readonly<Record<string, string | undefined>>): TracingConfig {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  // The spec: the signal-specific variable is used as is; the base one gets `/v1/traces` appended.
  const url = traces || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  return {
    otlpTracesUrl: disabled ? undefined : url,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'reelgate',
    capturePrompts: env.REELGATE_TRACE_PROMPTS?.trim().toLowerCase() === 'true',
  };
}

export interface SpanOptions {
  /** A stored `traceparent` (from a row), a context, or nothing (a new trace). */
  parent?: string | Context | null | undefined;
  attributes?: Attributes | undefined;
  kind?: SpanKind | undefined;
}

export interface Tracing {
  /** True when this process exports spans itself. */
  readonly exporting: boolean;
  readonly capturePrompts: boolean;
  readonly tracer: Tracer;
  startSpan(name: string, options?: SpanOptions): Span;
  /** Runs `work` in a span that ends when it settles; a thrown error marks the span failed. */
  inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T>;
  /** The span's W3C `traceparent`, to store; null when the span is not part of a real trace. */
  contextOf(span: Span): string | null;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const getter: TextMapGetter<Record<string, string>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};

/** Marks a span failed with a machine-readable code (never the error's message: it may quote input). */
export function markFailed(span: Span, code: string): void {
  span.setAttribute('reelgate.error_code', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

function codeOf(error: unknown): string {
  if (error instanceof Error && error.name === 'LostClaim') return 'claim_lost';
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return /^[a-z_]{1,40}$/.test(error.code) ? error.code : 'other';
  }
  return 'internal';
}

export interface TracingOptions {
  /** Replaces the OTLP exporter (tests: an in-memory exporter); turns exporting on. */
  exporter?: SpanExporter | undefined;
  /** Batch delay before spans are sent (default 1 s). */
  scheduledDelayMs?: number | undefined;
}

export function createTracing(config: TracingConfig | undefined, options: TracingOptions = {}): Tracing {
  const exporter =
    options.exporter ??
    (config?.otlpTracesUrl ? new OTLPTraceExporter({ url: config.otlpTracesUrl }) : undefined);
  let provider: TracerProvider | undefined;
  let tracer: Tracer;
  if (exporter) {
    provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': config?.serviceName ?? 'reelgate' }),
      spanProcessors: [
        new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.scheduledDelayMs ?? 1_000 }),
      ],
    });
    tracer = provider.getTracer('reelgate');
  } else {
    // The host application's tracer provider, if it registered one; otherwise a no-op.
    tracer = trace.getTracer('reelgate');
  }

  const parentContext = (parent: SpanOptions['parent']): Context => {
    if (!parent) return ROOT_CONTEXT;
    if (typeof parent !== 'string') return parent;
    return propagator.extract(ROOT_CONTEXT, { traceparent: parent }, getter);
  };

  const startSpan = (name: string, spanOptions: SpanOptions = {}): Span =>
    tracer.startSpan(
      name,
      { kind: spanOptions.kind ?? SpanKind.INTERNAL, attributes: spanOptions.attributes ?? {} },
      parentContext(spanOptions.parent),
    );

  return {
    exporting: provider !== undefined,
    capturePrompts: config?.capturePrompts ?? false,
    tracer,
    startSpan,
    async inSpan(name, spanOptions, work) {
      const span = startSpan(name, spanOptions);
      try {
        return await work(span);
      } catch (error) {
        markFailed(span, codeOf(error));
        throw error;
      } finally {
        span.end();
      }
    },
    contextOf(span) {
      if (!span.spanContext() || !trace.isSpanContextValid(span.spanContext())) return null;
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, setter);
      return carrier.traceparent ?? null;
    },
    async forceFlush() {
      await provider?.forceFlush();
    },
    async shutdown() {
      await provider?.shutdown();
    },
  };
}

let disabled: Tracing | undefined;

/** Tracing for code given none (hand-built engine dependencies): the API's global tracer. */
export function defaultTracing(): Tracing {
  disabled ??= createTracing(undefined);
  return disabled;
}
