/** Counters tests read through GET /_emulator/stats. */

export interface IdempotencyKeyStats {
  /** Create calls that carried this Idempotency-Key. */
  calls: number;
  /** Distinct jobs those calls produced (1 when idempotency works). */
  jobs: number;
  jobIds: string[];
}

export interface WebhookDeliveryRecord {
  eventId: string;
  type: string;
  jobId: string;
  attempt: number;
  /** HTTP status of the reply, or null when the request itself failed. */
  status: number | null;
  ok: boolean;
  atMs: number;
}

export interface StatsSnapshot {
  requests: { total: number; byFace: Record<string, number> };
  createCalls: {
    total: number;
    byFace: Record<string, number>;
    withoutIdempotencyKey: number;
    byIdempotencyKey: Record<string, IdempotencyKeyStats>;
  };
  jobsCreated: { total: number; byFace: Record<string, number> };
  /** Jobs still running that a restarted emulator found in its journal and resumed. */
  jobsRestored: { total: number; byFace: Record<string, number> };
  faults: Record<string, number>;
  renders: { rendered: number; cacheHits: number };
  downloads: { total: number; bytes: number };
  webhooks: { attempts: number; delivered: number; failed: number; deliveries: WebhookDeliveryRecord[] };
}

export class EmulatorStats {
  #data: StatsSnapshot = emptyStats();

  snapshot(): StatsSnapshot {
    return structuredClone(this.#data);
  }

  reset(): void {
    this.#data = emptyStats();
  }

  recordRequest(face: string): void {
    this.#data.requests.total += 1;
    bump(this.#data.requests.byFace, face);
  }

  recordCreateCall(face: string, idempotencyKey: string | null): void {
    const calls = this.#data.createCalls;
    calls.total += 1;
    bump(calls.byFace, face);
    if (idempotencyKey === null) {
      calls.withoutIdempotencyKey += 1;
      return;
    }
    const entry = calls.byIdempotencyKey[idempotencyKey] ?? { calls: 0, jobs: 0, jobIds: [] };
    calls.byIdempotencyKey[idempotencyKey] = entry;
    entry.calls += 1;
  }

  recordJobCreated(face: string, jobId: string, idempotencyKey: string | null): void {
    this.#data.jobsCreated.total += 1;
    bump(this.#data.jobsCreated.byFace, face);
    if (idempotencyKey !== null) this.recordKeyJob(idempotencyKey, jobId);
  }

  recordJobRestored(face: string): void {
    this.#data.jobsRestored.total += 1;
    bump(this.#data.jobsRestored.byFace, face);
  }

  /** Notes which job a create with this key answered with (a replay adds no new job). */
  recordKeyJob(idempotencyKey: string, jobId: string): void {
    const byKey = this.#data.createCalls.byIdempotencyKey;
    const entry = byKey[idempotencyKey] ?? { calls: 0, jobs: 0, jobIds: [] };
    byKey[idempotencyKey] = entry;
    if (!entry.jobIds.includes(jobId)) {
      entry.jobIds.push(jobId);
      entry.jobs = entry.jobIds.length;
    }
  }

  recordFault(name: string): void {
    bump(this.#data.faults, name);
  }

  recordRender(cacheHit: boolean): void {
    if (cacheHit) this.#data.renders.cacheHits += 1;
    else this.#data.renders.rendered += 1;
  }

  recordDownload(bytes: number): void {
    this.#data.downloads.total += 1;
    this.#data.downloads.bytes += bytes;
  }

  recordWebhook(record: WebhookDeliveryRecord): void {
    const webhooks = this.#data.webhooks;
    webhooks.attempts += 1;
    if (record.ok) webhooks.delivered += 1;
    else webhooks.failed += 1;
    webhooks.deliveries.push(record);
    // keep the list bounded for long-running demo servers
    if (webhooks.deliveries.length > 1000) webhooks.deliveries.splice(0, webhooks.deliveries.length - 1000);
  }
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

function emptyStats(): StatsSnapshot {
  return {
    requests: { total: 0, byFace: {} },
    createCalls: { total: 0, byFace: {}, withoutIdempotencyKey: 0, byIdempotencyKey: {} },
    jobsCreated: { total: 0, byFace: {} },
    jobsRestored: { total: 0, byFace: {} },
    faults: {},
    renders: { rendered: 0, cacheHits: 0 },
    downloads: { total: 0, bytes: 0 },
    webhooks: { attempts: 0, delivered: 0, failed: 0, deliveries: [] },
  };
}
