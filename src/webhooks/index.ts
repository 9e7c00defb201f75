/** Outgoing webhooks to apps: what the gateway wires in (see docs/webhooks.md). */
export { loadWebhookConfig, type WebhookConfig, webhookGuardOptions } from './config.ts';
export {
  type WebhookAttemptResult,
  WebhookDeliveryWorker,
  type WebhookDeliveryWorkerOptions,
  type WebhookFetch,
} from './delivery-worker.ts';
export { WebhookEnqueuer, type WebhookEnqueuerOptions } from './enqueue.ts';
export {
  buildWebhookMessage,
  defaultPresentGeneration,
  type WebhookEventType,
  webhookEventTypes,
} from './events.ts';
export { defaultRetryDelaysMs, nextRetryDelayMs } from './retry-schedule.ts';
export { createSecretBox, generateWebhookSecret, type SecretBox } from './secrets.ts';
export { signWebhook } from './signing.ts';
export { type SetupWebhooksOptions, setupWebhooks, type Webhooks } from './setup.ts';
