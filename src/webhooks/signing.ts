/**
 * Standard Webhooks headers for one delivery attempt, made with the `standardwebhooks` package:
 * `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (seconds, the time of
 * this attempt) and `webhook-signature` (`v1,<base64 HMAC-SHA256>`; two space-separated
 * signatures while a rotated-out secret is still valid, so receivers can switch secrets safely).
 */
import { Webhook } from 'standardwebhooks';

export function signWebhook(
  secrets: readonly string[],
  messageId: string,
  atMs: number,
  payload: string,
): Record<string, string> {
  const timestamp = new Date(atMs);
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, payload));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(atMs / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
