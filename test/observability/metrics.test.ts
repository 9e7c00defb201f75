/**
 * `/metrics` on prom-client: after a completed and a failed generation, the text parses with
 * `parse-prometheus-text-format` (prom-client has no parser of its own) and holds every metric
 * reelgate has always exposed (same names and labels), the new phase and provider-call
 * histograms, spend, and the default process metrics. That parser folds the series of a labelled
 * histogram into one, so histogram label sets are read from prom-client's JSON view of the same
 * registry. The Grafana dashboard in docs/ only queries metrics that exist.
 */
import { readFile } from 'node:fs/promises';
import type { Histogram } from 'prom-client';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, jsonBody, startGateway } from '../security/helpers/gateway.ts';

let gateway: Gateway;
let families: Map<string, MetricFamily>;
/** Histogram series from prom-client: name -> label sets with their observation counts. */
let histograms: Map<string, Array<{ labels: Record<string, string | number>; count: number }>>;

beforeAll(async () => {
  gateway = await startGateway();
  const ids: string[] = [];
  for (const prompt of ['a red fox in snow', 'this one fails [[fail]]']) {
    const response = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt, duration: 4 }, gateway.auth()),
    );
    expect(response.status).toBe(200);
    ids.push(((await response.json()) as { id: string }).id);
  }
  for (const id of ids) await gateway.finished(id);
  const response = await gateway.app.request('/metrics');
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  families = new Map(parsePrometheusTextFormat(await response.text()).map((family) => [family.name, family]));
  histograms = new Map();
  for (const family of families.values()) {
    const metric = gateway.reelgate.metrics.registry.prom.getSingleMetric(family.name);
    if (family.type !== 'HISTOGRAM' || !metric) continue;
    const { values } = await (metric as Histogram<string>).get();
    const series = values
      .filter((value) => value.metricName === `${family.name}_count`)
      .map((value) => ({ labels: value.labels as Record<string, string | number>, count: value.value }));
    histograms.set(family.name, series);
  }
}, 60_000);

afterAll(async () => {
  await gateway?.close();
});

function labelSets(name: string): Array<Record<string, string>> {
  const family = families.get(name);
  expect(family, `${name} is exposed`).toBeDefined();
  if (family!.type === 'HISTOGRAM') {
    return (histograms.get(name) ?? []).map((series) =>
      Object.fromEntries(Object.entries(series.labels).map(([key, value]) => [key, String(value)])),
    );
  }
  return family!.metrics.map((sample) => sample.labels ?? {});
}

describe('/metrics', () => {
  it('keeps every metric and label exposed before', () => {
    const expected: Record<string, [string, string[]]> = {
      reelgate_generations_created_total: ['COUNTER', ['model']],
      reelgate_generations_finished_total: ['COUNTER', ['code', 'model', 'state']],
      reelgate_provider_calls_total: ['COUNTER', ['call', 'outcome', 'provider']],
      reelgate_downloaded_bytes_total: ['COUNTER', ['provider']],
      reelgate_worker_steps_in_flight: ['GAUGE', []],
      reelgate_store_delay_seconds: ['HISTOGRAM', ['provider']],
      reelgate_generation_failures_total: ['COUNTER', ['code', 'provider']],
      reelgate_download_throughput_bytes_per_second: ['HISTOGRAM', ['provider']],
      reelgate_generation_duration_seconds: ['HISTOGRAM', ['model']],
      reelgate_queue_depth: ['GAUGE', []],
      reelgate_generations_in_flight: ['GAUGE', ['provider', 'state']],
      reelgate_generations_leased: ['GAUGE', []],
    };
    for (const [name, [type, labels]] of Object.entries(expected)) {
      expect(families.get(name)?.type, name).toBe(type);
      for (const set of labelSets(name)) expect(Object.keys(set).sort(), name).toEqual(labels);
    }
    // Declared without samples until used, but registered with their help text.
    expect(families.has('reelgate_provider_webhooks_total')).toBe(true);
    expect(families.has('reelgate_provider_throttled_total')).toBe(true);
    expect(labelSets('reelgate_generations_finished_total')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ state: 'completed', code: 'none' }),
        expect.objectContaining({ state: 'failed' }),
      ]),
    );
  });

  it('has the phase and provider-call histograms, spend and process metrics', () => {
    const calls = labelSets('reelgate_provider_call_duration_seconds').map(
      (set) => `${set.provider}:${set.call}`,
    );
    expect(calls).toEqual(expect.arrayContaining(['openai:start', 'openai:status', 'openai:download']));
    for (const name of [
      'reelgate_queue_wait_seconds',
      'reelgate_provider_generation_seconds',
      'reelgate_store_delay_seconds',
      'reelgate_generation_end_to_end_seconds',
    ]) {
      const family = families.get(name)!;
      expect(family.type, name).toBe('HISTOGRAM');
      expect(Object.keys(family.metrics[0]?.buckets ?? {}).length, name).toBeGreaterThan(5);
      const series = histograms.get(name)?.find((item) => item.labels.provider === 'openai');
      expect(series?.count, name).toBeGreaterThanOrEqual(1);
    }
    const spend = families.get('reelgate_spend_usd_total')!.metrics;
    expect(spend.reduce((sum, item) => sum + Number(item.value), 0)).toBeGreaterThan(0);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
  });

  it('keeps label values in closed sets', () => {
    for (const family of families.values()) {
      if (!family.name.startsWith('reelgate_')) continue;
      for (const set of labelSets(family.name)) {
        if (set.code) expect(set.code).toMatch(/^[a-z_]+$/);
        if (set.provider) expect(['openai', 'unknown']).toContain(set.provider);
      }
    }
  });
});

describe('docs/grafana-dashboard.json', () => {
  it('queries only metrics that exist', async () => {
    const dashboard = JSON.parse(
      await readFile(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8'),
    ) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const name of target.expr.match(/\b(?:reelgate|process|nodejs)_[a-z0-9_]+/g) ?? [])
          used.add(name);
      }
    }
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((name) => {
      if (families.has(name)) return false;
      const histogram = name.replace(/_(bucket|sum|count)$/, '');
      return families.get(histogram)?.type !== 'HISTOGRAM';
    });
    expect(missing).toEqual([]);
    // Each required view is there.
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join('\n');
    for (const view of [
      'queue depth',
      'in flight per provider',
      'failures by error code',
      'spend per hour',
    ]) {
      expect(titles).toContain(view);
    }
    expect(titles.match(/p50 \/ p95/g)?.length).toBe(4);
  });
});
