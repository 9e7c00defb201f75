/**
 * Outgoing webhooks signed per Standard Webhooks (the scheme `openai`'s `webhooks.unwrap()`
 * verifies): headers webhook-id, webhook-timestamp, webhook-signature = v1,<HMAC-SHA256 of
 * "id.timestamp.body" with the base64-decoded whsec_ secret>. Non-2xx replies are retried with
 * exponential backoff (divided by the emulator's speed).
 */
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../../core/clock.ts';
import type { WebhookDeliveryRecord } from './stats.ts';

export interface WebhookConfig {
  url: string;
  /** `whsec_<base64>` secret shared with the receiver. */
  secret: string;
  /** Total attempts including the first (default 6). */
  maxAttempts?: number;
  /** Delay before the first retry in ms, doubled each time, before dividing by speed (default 5000). */
  retryBaseMs?: number;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
}

export interface WebhookEvent {
  id: string;
  object: 'event';
  created_at: number;
  type: string;
  data: Record<string, unknown>;
}

export interface WebhookSenderDeps {
  clock: Clock;
  fetch: typeof fetch;
  speed: number;
  record: (delivery: WebhookDeliveryRecord) => void;
  signal: AbortSignal;
}

export class WebhookSender {
  readonly #config: Required<WebhookConfig>;
  readonly #signer: Webhook;
  readonly #deps: WebhookSenderDeps;

  constructor(config: WebhookConfig, deps: WebhookSenderDeps) {
    if (!config.secret.startsWith('whsec_')) throw new Error('webhook secret must start with whsec_');
    this.#config = { maxAttempts: 6, retryBaseMs: 5000, timeoutMs: 10_000, ...config };
    this.#signer = new Webhook(config.secret);
    this.#deps = deps;
  }

  /** The headers and body for one attempt of `event` (exported for tests and other faces). */
  sign(event: WebhookEvent, body: string): Record<string, string> {
    const timestamp = new Date(this.#deps.clock.now());
    return {
      'content-type': 'application/json',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': this.#signer.sign(event.id, timestamp, body),
    };
  }

  /** Delivers `event`, retrying non-2xx replies; resolves when delivered or out of attempts. */
  async deliver(event: WebhookEvent, jobId: string): Promise<boolean> {
    const body = JSON.stringify(event);
    const { clock, speed, signal } = this.#deps;
    for (let attempt = 1; attempt <= this.#config.maxAttempts; attempt++) {
      if (signal.aborted) return false;
      let status: number | null = null;
      try {
        const response = await this.#deps.fetch(this.#config.url, {
          method: 'POST',
          headers: this.sign(event, body),
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.#config.timeoutMs)]),
        });
        status = response.status;
        await response.body?.cancel().catch(() => {});
      } catch {
        status = null;
      }
      const ok = status !== null && status >= 200 && status < 300;
      this.#deps.record({
        eventId: event.id,
        type: event.type,
        jobId,
        attempt,
        status,
        ok,
        atMs: clock.now(),
      });
      if (ok) return true;
      if (attempt === this.#config.maxAttempts) break;
      const delayMs = (this.#config.retryBaseMs * 2 ** (attempt - 1)) / speed;
      try {
        await clock.sleep(delayMs, signal);
      } catch {
        return false;
      }
    }
    return false;
  }
}
