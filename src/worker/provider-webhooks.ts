/**
 * Incoming provider webhooks (mounted by the HTTP layer at POST /webhooks/providers/:provider).
 * The signature is verified with the provider's scheme; each delivery id is recorded so
 * duplicates and replays are ignored; unknown events are answered 2xx and ignored. A valid
 * event only makes the generation due now and wakes the worker: the worker then checks the
 * provider itself, so a webhook can never push a state the provider does not confirm, and
 * polling remains the safety net when webhooks are lost. An event for a job no generation has
 * makes the worker look up ended generations at once (late adoption).
 */
import { isReelgateError } from '../core/errors.ts';
import { getGenerationByProviderJob } from '../db/queries/get-generation.ts';
import { markDueNow } from '../db/queries/update-generation.ts';
import { recordWebhookEvent } from '../db/queries/webhook-events.ts';
import type { EngineDeps } from './engine-deps.ts';

export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'ignored'
  | 'unknown_job'
  | 'rejected'
  | 'unknown_provider';

export interface ProviderWebhookResult {
  status: number;
  outcome: WebhookOutcome;
}

export class ProviderWebhookHandler {
  readonly #deps: EngineDeps;
  readonly #wake: () => void;
  readonly #unknownJob: (() => void) | undefined;

  /** `unknownJob`: a verified event named a job no generation has (it may be a late one). */
  constructor(deps: EngineDeps, wake: () => void, unknownJob?: () => void) {
    this.#deps = deps;
    this.#wake = wake;
    this.#unknownJob = unknownJob;
  }

  /** Verifies and applies one delivery; answer the provider with `status`. */
  async handle(providerName: string, headers: Headers, rawBody: string): Promise<ProviderWebhookResult> {
    const deps = this.#deps;
    const provider = deps.providers.get(providerName);
    // The name comes from an unauthenticated URL: only configured names become metric labels.
    const label = provider ? providerName : 'unknown';
    const count = (outcome: WebhookOutcome) => deps.metrics.webhooks.inc({ provider: label, outcome });
    if (!provider?.verifyWebhook || !provider.webhooksConfigured) {
      count('unknown_provider');
      return { status: 404, outcome: 'unknown_provider' };
    }
    let event: Awaited<ReturnType<NonNullable<typeof provider.verifyWebhook>>>;
    try {
      event = await provider.verifyWebhook(rawBody, headers);
    } catch (error) {
      deps.logger.warn(
        { provider: providerName, err: isReelgateError(error) ? error.message : String(error) },
        'webhook rejected',
      );
      count('rejected');
      return { status: 401, outcome: 'rejected' };
    }
    const now = deps.clock.now();
    if (event.eventId) {
      const fresh = await recordWebhookEvent(deps.db, {
        provider: providerName,
        eventId: event.eventId,
        nowMs: now,
      });
      if (!fresh) {
        count('duplicate');
        return { status: 200, outcome: 'duplicate' };
      }
    }
    if (!event.jobId) {
      deps.logger.info({ provider: providerName, type: event.type }, 'webhook event ignored');
      count('ignored');
      return { status: 200, outcome: 'ignored' };
    }
    const row = await getGenerationByProviderJob(deps.db, providerName, event.jobId);
    if (!row) {
      // Perhaps the job of a start that was never confirmed: look ended generations up now.
      this.#unknownJob?.();
      count('unknown_job');
      return { status: 200, outcome: 'unknown_job' };
    }
    await markDueNow(deps.db, row.id, now);
    deps.logger.info({ generationId: row.id, type: event.type }, 'webhook received; checking now');
    count('accepted');
    this.#wake();
    return { status: 200, outcome: 'accepted' };
  }
}
