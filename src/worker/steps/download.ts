/**
 * Steps `downloading` and `stored`: copy the provider's result into our storage at once, as a
 * stream (constant memory), checked against the announced length and written under a temporary
 * name that only becomes the real key when complete; the thumbnail (and spritesheet) too when
 * offered. Only then does the row say `stored`, and then `completed`. A truncated copy is
 * retried; a result whose link expired ends `expired`.
 */
import { retryDelayMs } from '../../core/backoff.ts';
import { estimateCostUsd } from '../../core/catalog/catalog-entry.ts';
import { extensionSourceCostUsd } from '../../core/catalog/continuity.ts';
import { addUsd } from '../../core/cost-estimate.ts';
import { ReelgateError } from '../../core/errors.ts';
import { getGenerationById } from '../../db/queries/get-generation.ts';
import { renewLease } from '../../db/queries/claim-due.ts';
import { type FileVariant, generationFileKey } from '../../storage/keys.ts';
import type { EngineDeps } from '../engine-deps.ts';
import type { Span } from '@opentelemetry/api';
import { markFailed } from '../../telemetry/tracing.ts';
import { guardedDownload } from '../guarded-fetch.ts';
import type { ContentVariant, ProviderContent } from '../../providers/provider-port.ts';
import { beginProviderCall, startStepSpan } from '../step-telemetry.ts';
import { backoffPolicy, type Claim, commit, emit, finishWithError, LostClaim } from '../step-context.ts';

interface StoredCopy {
  key: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

export async function runDownload(deps: EngineDeps, claim: Claim): Promise<void> {
  const row = claim.row;
  const started = deps.clock.now();
  if (row.result_expires_at !== null && started >= row.result_expires_at) {
    await finishWithError(
      deps,
      claim,
      new ReelgateError({
        code: 'result_expired',
        message: "The provider's result expired before it could be copied.",
        retryable: false,
      }),
      'expired',
    );
    return;
  }
  const written: string[] = [];
  const call = beginProviderCall(deps, claim.provider.name, row, 'download', {
    'reelgate.attempt': row.attempts + 1,
  });
  try {
    const video = await copyVariant(deps, claim, 'video', true, call.span);
    if (!video)
      throw new ReelgateError({ code: 'download_failed', message: 'The provider returned no video.' });
    written.push(video.key);
    const extras: Partial<Record<ContentVariant, StoredCopy>> = {};
    for (const variant of claim.provider.extraVariants) {
      try {
        const copy = await copyVariant(deps, claim, variant, false, call.span);
        if (copy) {
          extras[variant] = copy;
          written.push(copy.key);
        }
      } catch (error) {
        if (error instanceof LostClaim) throw error;
        // Thumbnails are a nicety: a failure here never fails the generation.
        claim.log.info(
          { variant, err: error instanceof Error ? error.message : String(error) },
          'extra variant skipped',
        );
      }
    }
    await deps.hooks?.at?.('download:stored', row.id);
    const now = deps.clock.now();
    const stored = await commit(deps, claim, 'stored', {
      video_key: video.key,
      video_bytes: video.bytes,
      video_sha256: video.sha256,
      video_content_type: video.contentType,
      thumbnail_key: extras.thumbnail?.key ?? null,
      thumbnail_bytes: extras.thumbnail?.bytes ?? null,
      thumbnail_sha256: extras.thumbnail?.sha256 ?? null,
      thumbnail_content_type: extras.thumbnail?.contentType ?? null,
      spritesheet_key: extras.spritesheet?.key ?? null,
      spritesheet_bytes: extras.spritesheet?.bytes ?? null,
      spritesheet_sha256: extras.spritesheet?.sha256 ?? null,
      spritesheet_content_type: extras.spritesheet?.contentType ?? null,
      stored_at: now,
      attempts: 0,
      next_check_at: now,
    });
    call.done('ok', { 'reelgate.bytes': video.bytes });
    deps.metrics.downloadedBytes.inc({ provider: claim.provider.name }, video.bytes);
    deps.metrics.downloadThroughput.observe(
      { provider: claim.provider.name },
      video.bytes / Math.max(0.001, (now - started) / 1000),
    );
    if (stored.provider_completed_at !== null) {
      deps.metrics.storeDelay.observe(
        { provider: claim.provider.name },
        (now - stored.provider_completed_at) / 1000,
      );
    }
    await runFinalize(deps, claim);
  } catch (thrown) {
    if (thrown instanceof LostClaim) {
      call.done('claim_lost');
      await cleanUpAfterLostClaim(deps, claim, written);
      throw thrown;
    }
    const error =
      thrown instanceof ReelgateError ? thrown : claim.provider.classifyError(thrown, deps.clock.now());
    call.done(error.code);
    const now = deps.clock.now();
    const attempts = row.attempts + 1;
    if (error.code === 'result_expired') {
      await finishWithError(deps, claim, error, 'expired');
    } else if (error.retryable && attempts < deps.policy.maxDownloadAttempts) {
      const delay = retryDelayMs({
        attempt: attempts,
        random: deps.random,
        retryAfterMs: undefined,
        policy: backoffPolicy(deps, claim.provider),
      });
      claim.log.info({ attempts, delayMs: delay, err: error.message }, 'download failed; will retry');
      await commit(deps, claim, 'downloading', { attempts, next_check_at: now + delay });
    } else {
      await finishWithError(
        deps,
        claim,
        new ReelgateError({
          code: 'download_failed',
          message: `Could not copy the result after ${attempts} attempts: ${error.message}`,
          retryable: true,
        }),
      );
    }
  }
}

/** Step `stored`: our copy exists; price it and complete the row. */
export async function runFinalize(deps: EngineDeps, claim: Claim): Promise<void> {
  const row = claim.row;
  const now = deps.clock.now();
  const entry = deps.catalog.find(row.model);
  const size = entry?.sizes.find((item) => item.size === row.size);
  const completed = await commit(deps, claim, 'completed', {
    completed_at: now,
    progress: 100,
    // An extension also pays for the source video it sent.
    cost_usd:
      entry && size
        ? addUsd(
            estimateCostUsd(entry, size, row.duration_seconds),
            extensionSourceCostUsd(entry, row.inputs.sourceVideo?.seconds),
          )
        : row.cost_usd,
    next_check_at: null,
    eta_at: null,
    queue_position: null,
    // The video links are spent; a returned last frame stays for the next segment (it expires with the result).
    result: lastFrameOnly(row.result),
    error_code: null,
    error_message: null,
    error_retryable: null,
    error_hint: null,
  });
  deps.metrics.finished.inc({ state: 'completed', code: 'none', model: completed.model });
  deps.metrics.totalDuration.observe({ model: completed.model }, (now - completed.created_at) / 1000);
  deps.metrics.endToEnd.observe({ provider: completed.provider }, (now - completed.created_at) / 1000);
  const cost = completed.cost_usd === null ? undefined : Number(completed.cost_usd);
  if (cost !== undefined && Number.isFinite(cost)) {
    deps.metrics.spend.inc({ provider: completed.provider, model: completed.model }, cost);
  }
  startStepSpan(deps, completed, 'reelgate.generation.complete', {
    'reelgate.end_to_end_ms': now - completed.created_at,
    'reelgate.bytes': completed.video_bytes ?? 0,
    ...(cost !== undefined && Number.isFinite(cost) ? { 'reelgate.cost_usd': cost } : {}),
  }).end();
  claim.log.info({ bytes: completed.video_bytes }, 'generation completed');
  emit(deps, 'generation:completed', completed);
}

async function copyVariant(
  deps: EngineDeps,
  claim: Claim,
  variant: ContentVariant,
  required: boolean,
  parent: Span,
): Promise<StoredCopy | undefined> {
  const content = await openVariant(deps, claim, variant, required);
  if (!content) return undefined;
  const key = generationFileKey(claim.row.id, variant as FileVariant, content.contentType);
  const body = watchStream(deps, claim, content.body, variant === 'video');
  const span = startStepSpan(
    deps,
    claim.row,
    'reelgate.storage.write',
    { 'reelgate.variant': variant },
    parent,
  );
  try {
    const put = await deps.storage.put(key, body, {
      contentType: content.contentType,
      ...(content.bytes !== undefined ? { expectedBytes: content.bytes } : {}),
    });
    span.setAttribute('reelgate.bytes', put.bytes);
    return { key, bytes: put.bytes, sha256: put.sha256, contentType: content.contentType };
  } catch (error) {
    markFailed(
      span,
      error instanceof ReelgateError ? error.code : error instanceof LostClaim ? 'claim_lost' : 'internal',
    );
    throw error;
  } finally {
    span.end();
  }
}

async function openVariant(
  deps: EngineDeps,
  claim: Claim,
  variant: ContentVariant,
  required: boolean,
): Promise<ProviderContent | undefined> {
  const { provider, row } = claim;
  if (provider.openContent && row.operation !== null && row.operation !== undefined) {
    return provider.openContent(row.operation as never, variant, claim.signal);
  }
  if (variant !== 'video') return undefined;
  const videos = (row.result as { videos?: Array<{ type: string; url?: string; mediaType?: string }> } | null)
    ?.videos;
  const first = videos?.[0];
  if (first?.type === 'url' && first.url) {
    return guardedDownload(first.url, {
      fetch: deps.fetch,
      credentialOrigin: provider.credentialOrigin,
      credentialHeaders: provider.credentialHeaders,
      signal: claim.signal,
    });
  }
  if (required) {
    throw new ReelgateError({
      code: 'download_failed',
      message: `The provider's result has no downloadable video (${first?.type ?? 'none'}).`,
      retryable: false,
    });
  }
  return undefined;
}

/**
 * Passes the body through while keeping the claim alive on long copies (lease renewal on the
 * injected clock) and calling the `download:partial` hook once bytes have flowed.
 */
async function* watchStream(
  deps: EngineDeps,
  claim: Claim,
  body: ReadableStream<Uint8Array>,
  isVideo: boolean,
): AsyncGenerator<Uint8Array> {
  let hooked = false;
  let renewedAt = deps.clock.now();
  const renewEvery = Math.max(1_000, deps.policy.leaseMs / 3);
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
      if (isVideo && !hooked) {
        hooked = true;
        await deps.hooks?.at?.('download:partial', claim.row.id);
      }
      const now = deps.clock.now();
      if (now - renewedAt >= renewEvery) {
        renewedAt = now;
        const kept = await renewLease(deps.db, {
          id: claim.row.id,
          workerId: claim.workerId,
          token: claim.token,
          untilMs: now + deps.policy.leaseMs,
        });
        if (!kept) throw new LostClaim();
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Our claim vanished mid-copy: if the generation is gone or canceled, remove what we wrote. */
async function cleanUpAfterLostClaim(deps: EngineDeps, claim: Claim, written: string[]): Promise<void> {
  if (written.length === 0) return;
  const current = await getGenerationById(deps.db, claim.row.id);
  if (!current || current.state === 'canceled') {
    for (const key of written) await deps.storage.delete(key).catch(() => {});
  }
}

function lastFrameOnly(result: unknown): { lastFrameUrl: string } | null {
  const url = (result as { lastFrameUrl?: unknown } | null)?.lastFrameUrl;
  return typeof url === 'string' ? { lastFrameUrl: url } : null;
}
