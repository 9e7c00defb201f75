/**
 * Which generation events become outgoing webhooks, and what they carry. Pure: no I/O.
 *
 * The body follows both Standard Webhooks (`type`, `timestamp`, `data`) and OpenAI's webhook
 * event shape (`id`, `object: "event"`, `created_at`, `type`, `data`), so receivers written for
 * either (including `openai.webhooks.unwrap()`) accept it.
 */
import { type WebhookEventType, webhookEventTypes } from '../contract/webhooks.ts';
import type { Generation, GenerationEvent } from '../core/generation.ts';

export { type WebhookEventType, webhookEventTypes };

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (webhookEventTypes as readonly string[]).includes(value);
}

/** The webhook type for an engine event, or undefined for events apps are not told about. */
export function webhookTypeFor(event: GenerationEvent): WebhookEventType | undefined {
  switch (event.type) {
    case 'generation:completed':
      return 'video.completed';
    case 'generation:failed':
    case 'generation:expired':
      return 'video.failed';
    case 'generation:canceled':
      return 'video.canceled';
    case 'generation:progress':
      return 'video.progress';
    default:
      return undefined;
  }
}

/** Progress is reported in steps of this many percent (one event id per step). */
export const progressStepPercent = 10;

/**
 * A stable event id: emitting the same event twice (two processes, a retried step) yields the
 * same id, and the database keeps one delivery per endpoint and id.
 */
export function webhookEventId(type: WebhookEventType, generation: Generation): string {
  if (type === 'video.progress') {
    const step = Math.floor(generation.progress / progressStepPercent) * progressStepPercent;
    return `evt_${generation.id}_progress_${step}`;
  }
  return `evt_${generation.id}_${type.slice('video.'.length)}`;
}

/** A minimal public view of a generation, used when the integrator does not supply its presenter. */
export function defaultPresentGeneration(generation: Generation): Record<string, unknown> {
  return {
    id: generation.id,
    object: 'video',
    status: generation.status,
    model: generation.model,
    progress: generation.progress,
    seconds: String(generation.durationSeconds),
    size: generation.size,
    created_at: Math.floor(generation.createdAt / 1000),
    completed_at: generation.completedAt === null ? null : Math.floor(generation.completedAt / 1000),
    error: generation.error ? { code: generation.error.code, message: generation.error.message } : null,
  };
}

export interface WebhookMessage {
  eventId: string;
  type: WebhookEventType;
  /** The exact JSON text that is signed and sent. */
  payload: string;
}

export function buildWebhookMessage(
  type: WebhookEventType,
  generation: Generation,
  atMs: number,
  present: (generation: Generation) => Record<string, unknown> = defaultPresentGeneration,
): WebhookMessage {
  const eventId = webhookEventId(type, generation);
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    type,
    created_at: Math.floor(atMs / 1000),
    timestamp: new Date(atMs).toISOString(),
    data: present(generation),
  });
  return { eventId, type, payload };
}
