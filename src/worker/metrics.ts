/**
 * A small Prometheus text-format registry (counters, gauges, histograms with labels): enough for
 * `/metrics` without a dependency.
 */
type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map(
      (name) =>
        `${name}="${String(labels[name]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}

abstract class Metric {
  readonly name: string;
  readonly help: string;
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  abstract lines(): string[];
}

export class Counter extends Metric {
  readonly type = 'counter' as const;
  readonly #values = new Map<string, number>();
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }
  lines(): string[] {
    return [...this.#values].map(([key, value]) => `${this.name}${key ? `{${key}}` : ''} ${value}`);
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge' as const;
  readonly #values = new Map<string, number>();
  set(value: number, labels: Labels = {}): void {
    this.#values.set(labelKey(labels), value);
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }
  dec(labels: Labels = {}, by = 1): void {
    this.inc(labels, -by);
  }
  lines(): string[] {
    return [...this.#values].map(([key, value]) => `${this.name}${key ? `{${key}}` : ''} ${value}`);
  }
}

export class Histogram extends Metric {
  readonly type = 'histogram' as const;
  readonly buckets: readonly number[];
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(name: string, help: string, buckets: readonly number[]) {
    super(name, help);
    this.buckets = [...buckets].sort((a, b) => a - b);
  }
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    this.buckets.forEach((bound, index) => {
      if (value <= bound) series.counts[index]! += 1;
    });
    series.sum += value;
    series.count += 1;
  }
  lines(): string[] {
    const lines: string[] = [];
    for (const [key, series] of this.#series) {
      const prefix = key ? `${key},` : '';
      this.buckets.forEach((bound, index) => {
        lines.push(`${this.name}_bucket{${prefix}le="${bound}"} ${series.counts[index]}`);
      });
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${series.count}`);
      lines.push(`${this.name}_sum${key ? `{${key}}` : ''} ${series.sum}`);
      lines.push(`${this.name}_count${key ? `{${key}}` : ''} ${series.count}`);
    }
    return lines;
  }
}

export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    return this.#register(name, () => new Counter(name, help)) as Counter;
  }
  gauge(name: string, help: string): Gauge {
    return this.#register(name, () => new Gauge(name, help)) as Gauge;
  }
  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.#register(name, () => new Histogram(name, help, buckets)) as Histogram;
  }

  #register(name: string, make: () => Metric): Metric {
    let metric = this.#metrics.get(name);
    if (!metric) {
      metric = make();
      this.#metrics.set(name, metric);
    }
    return metric;
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const out: string[] = [];
    for (const metric of this.#metrics.values()) {
      out.push(
        `# HELP ${metric.name} ${metric.help}`,
        `# TYPE ${metric.name} ${metric.type}`,
        ...metric.lines(),
      );
    }
    return `${out.join('\n')}\n`;
  }
}

/** The engine's metrics, registered once per reelgate instance. */
export function engineMetrics(registry: MetricsRegistry) {
  return {
    registry,
    created: registry.counter('reelgate_generations_created_total', 'Generations accepted.'),
    finished: registry.counter(
      'reelgate_generations_finished_total',
      'Generations that reached a final state.',
    ),
    providerCalls: registry.counter(
      'reelgate_provider_calls_total',
      'Calls to providers by kind and outcome.',
    ),
    downloadedBytes: registry.counter(
      'reelgate_downloaded_bytes_total',
      'Bytes copied from providers into storage.',
    ),
    webhooks: registry.counter('reelgate_provider_webhooks_total', 'Provider webhook deliveries by outcome.'),
    inFlight: registry.gauge('reelgate_worker_steps_in_flight', 'Generation steps being processed now.'),
    storeDelay: registry.histogram(
      'reelgate_store_delay_seconds',
      'Delay from the provider finishing to our copy being stored.',
      [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300],
    ),
    throttled: registry.counter(
      'reelgate_provider_throttled_total',
      "Provider calls deferred by the shared rate limit (the generation's next check moved later).",
    ),
    failures: registry.counter(
      'reelgate_generation_failures_total',
      'Generations that ended with an error, by provider and error code.',
    ),
    downloadThroughput: registry.histogram(
      'reelgate_download_throughput_bytes_per_second',
      'Speed of each result copy from the provider into storage.',
      [1e5, 1e6, 5e6, 1e7, 5e7, 1e8, 5e8, 1e9],
    ),
    totalDuration: registry.histogram(
      'reelgate_generation_duration_seconds',
      'Time from acceptance to completion.',
      [10, 30, 60, 120, 300, 600, 1200, 3600],
    ),
  };
}

export type EngineMetrics = ReturnType<typeof engineMetrics>;
