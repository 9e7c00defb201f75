/**
 * Settings of outgoing webhooks, read from the environment by the entry point. Documented in
 * docs/webhooks.md.
 */
import { ReelgateError } from '../core/errors.ts';
import type { OutboundGuardOptions } from '../net/outbound-guard.ts';

export interface WebhookConfig {
  /**
   * REELGATE_WEBHOOKS_ALLOW_PRIVATE=true: targets on private, loopback, link-local and unique-local
   * addresses (and plain http) are accepted. For local development only; metadata addresses stay
   * refused.
   */
  allowPrivate: boolean;
  /** REELGATE_WEBHOOK_SECRET_KEY: encrypts stored endpoint secrets (AES-256-GCM) when set. */
  secretKey: string | undefined;
  /** REELGATE_WEBHOOKS_TIMEOUT_MS: time limit of one delivery attempt. Default 10 s. */
  timeoutMs: number;
  /** REELGATE_WEBHOOKS_MAX_ENDPOINTS: endpoints per account. Default 20. */
  maxEndpointsPerAccount: number;
}

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ReelgateError({
      code: 'invalid_request',
      message: `${name}: expected a positive integer`,
      param: name,
    });
  }
  return value;
}

export function loadWebhookConfig(env: Record<string, string | undefined>): WebhookConfig {
  const allow = env.REELGATE_WEBHOOKS_ALLOW_PRIVATE?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false', '1', '0', 'yes', 'no'].includes(allow)) {
    throw new ReelgateError({
      code: 'invalid_request',
      message: 'REELGATE_WEBHOOKS_ALLOW_PRIVATE: expected true or false',
      param: 'REELGATE_WEBHOOKS_ALLOW_PRIVATE',
    });
  }
  return {
    allowPrivate: ['true', '1', 'yes'].includes(allow),
    secretKey: env.REELGATE_WEBHOOK_SECRET_KEY?.trim() || undefined,
    timeoutMs: positiveInteger(env, 'REELGATE_WEBHOOKS_TIMEOUT_MS', 10_000),
    maxEndpointsPerAccount: positiveInteger(env, 'REELGATE_WEBHOOKS_MAX_ENDPOINTS', 20),
  };
}

/** Outbound-guard options for webhook targets (registration checks and deliveries alike). */
export function webhookGuardOptions(config: WebhookConfig): OutboundGuardOptions {
  return {
    allowHttp: config.allowPrivate,
    allowPrivateNetworks: config.allowPrivate,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: 64 * 1024,
    // Receivers get no credentials of ours: the signature is the only proof.
    credentialOrigins: [],
  };
}
