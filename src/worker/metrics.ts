/**
 * The engine's Prometheus metrics, on prom-client (the registry Node operators already scrape).
 * Each reelgate instance has its own registry; the process metrics (CPU, memory, event loop, GC)
 * are collected once per process and rendered with it.
 *
 * Label values come only from closed sets, so the number of series stays bounded: `provider`
 * (configured providers), `model` (catalog ids), `code` and `outcome` (the error taxonomy, mapped
 * through `codeLabel`), `state` (engine states), `call` (start, status, list, download). Names and
 * meanings are listed in docs/scale-out.md.
 *
 * @example
 * const metrics = engineMetrics(new MetricsRegistry());
 * metrics.providerCalls.inc({ provider: 'openai', call: 'status', outcome: 'ok' });
 * const text = await metrics.registry.render();
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { isErrorCode } from '../core/errors.ts';

let processRegistry: Registry | undefined;

/** Process metrics, registered on first use (not at import): one collector per process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class MetricsRegistry {
  readonly prom = new Registry();
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;
  readonly #withProcess: boolean;

  /** `processMetrics: false` leaves out the default process metrics (tests of one registry). */
  constructor(options: { processMetrics?: boolean } = {}) {
    this.#withProcess = options.processMetrics ?? true;
    if (this.#withProcess) processMetrics();
  }

  counter<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[] = [],
  ): Counter<Label> {
    return (
      this.#existing<Counter<Label>>(name) ?? new Counter({ name, help, labelNames, registers: [this.prom] })
    );
  }

  gauge<Label extends string>(name: string, help: string, labelNames: readonly Label[] = []): Gauge<Label> {
    return (
      this.#existing<Gauge<Label>>(name) ?? new Gauge({ name, help, labelNames, registers: [this.prom] })
    );
  }

  histogram<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[],
    buckets: readonly number[],
  ): Histogram<Label> {
    return (
      this.#existing<Histogram<Label>>(name) ??
      new Histogram({ name, help, labelNames, buckets: [...buckets], registers: [this.prom] })
    );
  }

  #existing<Metric>(name: string): Metric | undefined {
    return this.prom.getSingleMetric(name) as Metric | undefined;
  }

  /** Prometheus text exposition format 0.0.4: this instance's metrics, then the process's. */
  async render(): Promise<string> {
    const own = await this.prom.metrics();
    if (!this.#withProcess) return own;
    return `${own.trimEnd()}\n${await processMetrics().metrics()}`;
  }
}

/** An error code as a label value: a code outside the taxonomy becomes `other`. */
export function codeLabel(code: string): string {
  return code === 'ok' || code === 'none' || code === 'canceled' || isErrorCode(code) ? code : 'other';
}

/** Phase timings span seconds (emulator, fast models) to an hour (long videos). */
const phaseBuckets = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 3600];

/** The engine's metrics, registered once per reelgate instance. */
export function engineMetrics(registry: MetricsRegistry) {
  return {
    registry,
    created: registry.counter('reelgate_generations_created_total', 'Generations accepted.', ['model']),
    finished: registry.counter(
      'reelgate_generations_finished_total',
      'Generations that reached a final state.',
      ['state', 'code', 'model'],
    ),
    providerCalls: registry.counter(
      'reelgate_provider_calls_total',
      'Calls to providers by kind and outcome.',
      ['provider', 'call', 'outcome'],
    ),
    providerCallDuration: registry.histogram(
      'reelgate_provider_call_duration_seconds',
      'Latency of each call to a provider (start, status, download of the result), whatever its outcome.',
      ['provider', 'call'],
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    ),
    downloadedBytes: registry.counter(
      'reelgate_downloaded_bytes_total',
      'Bytes copied from providers into storage.',
      ['provider'],
    ),
    webhooks: registry.counter(
      'reelgate_provider_webhooks_total',
      'Provider webhook deliveries by outcome.',
      ['provider', 'outcome'],
    ),
    inFlight: registry.gauge('reelgate_worker_steps_in_flight', 'Generation steps being processed now.'),
    queueWait: registry.histogram(
      'reelgate_queue_wait_seconds',
      'Phase 1: from acceptance to the provider accepting the job (waiting for a worker, the start call).',
      ['provider'],
      phaseBuckets,
    ),
    generationTime: registry.histogram(
      'reelgate_provider_generation_seconds',
      "Phase 2: from the provider accepting the job to reelgate seeing it completed (the provider's work).",
      ['provider'],
      phaseBuckets,
    ),
    storeDelay: registry.histogram(
      'reelgate_store_delay_seconds',
      'Phase 3 (copy): delay from the provider finishing to our copy being stored.',
      ['provider'],
      [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300],
    ),
    throttled: registry.counter(
      'reelgate_provider_throttled_total',
      "Provider calls deferred by the shared rate limit (the generation's next check moved later).",
      ['provider'],
    ),
    sweepFinds: registry.counter(
      'reelgate_status_sweep_finds_total',
      'Provider jobs a status sweep (one list request for many running jobs) found ended; each generation is then checked and stored at once.',
      ['provider'],
    ),
    ambiguousStarts: registry.counter(
      'reelgate_ambiguous_starts_total',
      'Starts whose outcome was unknown (timeout, reset, 5xx, crash after sending), by how each was settled: resent (same key, deduplicating provider), adopted (job found at the provider), unconfirmed (ended start_unconfirmed), retried (re-sent by REELGATE_AMBIGUOUS_START=retry, a second job possible), adopted_late (found after the generation had ended, attached).',
      ['provider', 'outcome'],
    ),
    failures: registry.counter(
      'reelgate_generation_failures_total',
      'Generations that ended with an error, by provider and error code.',
      ['provider', 'code'],
    ),
    downloadThroughput: registry.histogram(
      'reelgate_download_throughput_bytes_per_second',
      'Speed of each result copy from the provider into storage.',
      ['provider'],
      [1e5, 1e6, 5e6, 1e7, 5e7, 1e8, 5e8, 1e9],
    ),
    totalDuration: registry.histogram(
      'reelgate_generation_duration_seconds',
      'End to end: time from acceptance to completion.',
      ['model'],
      [10, 30, 60, 120, 300, 600, 1200, 3600],
    ),
    endToEnd: registry.histogram(
      'reelgate_generation_end_to_end_seconds',
      'End to end by provider, with finer buckets: time from acceptance to completion.',
      ['provider'],
      phaseBuckets,
    ),
    spend: registry.counter(
      'reelgate_spend_usd_total',
      "Estimated provider cost of completed generations, in US dollars (the catalog's list price).",
      ['provider', 'model'],
    ),
  };
}

export type EngineMetrics = ReturnType<typeof engineMetrics>;

/** The current value of one series of a counter or gauge (0 when it has none yet). */
export async function seriesValue(
  metric: Counter<string> | Gauge<string>,
  labels: Record<string, string> = {},
): Promise<number> {
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const found = values.find(
    (value) =>
      Object.keys(value.labels).length === wanted.length &&
      wanted.every(([name, label]) => value.labels[name] === label),
  );
  return found?.value ?? 0;
}

/** Seconds between two millisecond timestamps, or undefined when either is missing. */
export function secondsBetween(fromMs: number | null | undefined, toMs: number | null | undefined) {
  if (fromMs === null || fromMs === undefined || toMs === null || toMs === undefined) return undefined;
  return Math.max(0, (toMs - fromMs) / 1000);
}
