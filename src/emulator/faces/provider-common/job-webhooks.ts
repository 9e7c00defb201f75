/**
 * Per-job webhooks, for providers whose create call names the receiver (Replicate's `webhook`,
 * fal's `fal_webhook`). Non-2xx replies are retried with exponential backoff divided by the
 * emulator's speed; every attempt is recorded in the emulator's stats.
 */
import type { EmulatorCore } from '../../core/core.ts';

export interface JobWebhook {
  url: string;
  eventId: string;
  type: string;
  jobId: string;
  body: string;
  /** Headers for one attempt (signatures carry the attempt's timestamp). */
  headers: (nowMs: number) => Record<string, string>;
}

export interface DeliveryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { maxAttempts: 5, retryBaseMs: 5000, timeoutMs: 10_000 };

/** Delivers one webhook; resolves true once a 2xx reply came back, false when out of attempts. */
export async function deliverJobWebhook(
  core: EmulatorCore,
  hook: JobWebhook,
  policy: DeliveryPolicy = defaultDeliveryPolicy,
): Promise<boolean> {
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (core.signal.aborted) return false;
    let status: number | null = null;
    try {
      const response = await core.fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...hook.headers(core.clock.now()) },
        body: hook.body,
        signal: AbortSignal.any([core.signal, AbortSignal.timeout(policy.timeoutMs)]),
      });
      status = response.status;
      await response.body?.cancel().catch(() => {});
    } catch {
      status = null;
    }
    const ok = status !== null && status >= 200 && status < 300;
    core.stats.recordWebhook({
      eventId: hook.eventId,
      type: hook.type,
      jobId: hook.jobId,
      attempt,
      status,
      ok,
      atMs: core.clock.now(),
    });
    if (ok) return true;
    if (attempt === policy.maxAttempts) break;
    try {
      await core.clock.sleep((policy.retryBaseMs * 2 ** (attempt - 1)) / core.speed, core.signal);
    } catch {
      return false;
    }
  }
  return false;
}

/** Only http(s) URLs on loopback hosts are called back (the emulator never reaches further). */
export function acceptableWebhookUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * Runs `send` once the job's terminal time has really passed on the core's clock, so the webhook
 * body shows the final state. One sleep is not enough: a timer may fire a little before the
 * clock reads the terminal time, and at high emulator speeds one real millisecond is thousands
 * of emulated ones; so it sleeps again until the clock has caught up.
 */
export function whenTerminal(
  core: EmulatorCore,
  job: { timeline: { terminalAtMs: number } },
  send: () => void,
): void {
  void (async () => {
    while (core.clock.now() < job.timeline.terminalAtMs)
      await core.clock.sleep(Math.max(1, job.timeline.terminalAtMs - core.clock.now()), core.signal);
    send();
  })().catch(() => {});
}
