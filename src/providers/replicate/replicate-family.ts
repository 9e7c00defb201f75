/**
 * Replicate predictions in reelgate's terms. Options: the size becomes `aspect_ratio` +
 * `resolution` inputs. Status (raw prediction): `starting` is queued, `processing` running
 * with progress read from the model's tqdm-style log lines; `failed` carries an error whose
 * documented code decides the mapping (`E005`: flagged as sensitive -> input refusal, or output refusal once the logs reached 100 %; `PA`:
 * interrupted -> retryable outage); `canceled` -> canceled. Outputs of API predictions are
 * deleted after an hour (`data_removed`), which the package reports as "No video URL".
 */
import { type FailureInfo, classifyThrown } from '../ai-sdk-common/classify.ts';
import { sizeAsAspectAndClass, withRequestOptions } from '../ai-sdk-common/options.ts';
import type { NormalizedStatus, ProviderFamily } from '../ai-sdk-common/provider-family.ts';
import { type CapturedResponse, field } from '../ai-sdk-common/response-capture.ts';

/** Replicate deletes API prediction outputs one hour after completion. */
export const REPLICATE_OUTPUT_LIFETIME_MS = 3600 * 1000;
const knownStatuses = new Set(['starting', 'processing', 'succeeded', 'failed', 'canceled']);

export const replicateFamily: ProviderFamily = {
  name: 'replicate',
  adaptOptions: (_modelId, options) =>
    withRequestOptions(sizeAsAspectAndClass(options, 'replicate'), 'replicate', {
      negativePrompt: 'negative_prompt',
      generateAudio: 'generate_audio',
      seed: 'seed',
    }),
  // Wan publishes text- and image-to-video as two models; the others take `image` directly.
  imageModelId: (modelId) => (/-t2v$/.test(modelId) ? modelId.replace(/-t2v$/, '-i2v') : undefined),
  interpretStatus(result, captured): NormalizedStatus {
    const body = captured?.body;
    const status = typeof field(body, 'status') === 'string' ? String(field(body, 'status')) : result.status;
    const completedAt = Date.parse(String(field(body, 'completed_at') ?? ''));
    const normalized: NormalizedStatus = {
      providerStatus: status,
      progress: status === 'succeeded' ? 100 : progressFromLogs(field(body, 'logs')),
      queuePosition: null,
      started: status !== 'starting',
      resultExpiresAtMs:
        status === 'succeeded' && Number.isFinite(completedAt)
          ? completedAt + REPLICATE_OUTPUT_LIFETIME_MS
          : null,
      completedAtMs: Number.isFinite(completedAt) ? completedAt : null,
      ...(knownStatuses.has(status) ? {} : { unknownStatus: true }),
    };
    if (result.status === 'error') normalized.failure = predictionFailure(captured, result.error);
    return normalized;
  },
  classifyThrown(error, captured, nowMs): FailureInfo {
    if (field(captured?.body, 'data_removed') === true) {
      return {
        code: 'result_expired',
        message: "Replicate removed the prediction's output before it was copied.",
        retryable: false,
        providerCode: 'data_removed',
      };
    }
    return classifyThrown('replicate', error, nowMs);
  },
};

/** The last percentage in tqdm-style log lines ("  45%|████▌     | 45/100"). */
export function progressFromLogs(logs: unknown): number | null {
  if (typeof logs !== 'string') return null;
  const matches = [...logs.matchAll(/(\d{1,3})%\|/g)];
  const last = matches[matches.length - 1];
  return last ? Math.min(100, Number(last[1])) : null;
}

/** Replicate's documented error codes, e.g. "(E005)" or "(code: PA)". */
export function replicateErrorCode(message: string): string | null {
  const match = /\((?:code:\s*)?(E\d{3,4}|[A-Z]{2})\)\s*$/.exec(message.trim());
  return match ? match[1]! : null;
}

function predictionFailure(captured: CapturedResponse | undefined, fallback: string): FailureInfo {
  const status = field(captured?.body, 'status');
  const error = field(captured?.body, 'error');
  const message = typeof error === 'string' ? error : fallback;
  if (status === 'canceled')
    return {
      code: 'canceled',
      message: 'The prediction was canceled at Replicate.',
      retryable: false,
      providerCode: 'canceled',
    };
  const code = replicateErrorCode(message);
  if (code === 'E005') {
    // E005 covers input and output; a prediction whose logs reached 100 % had rendered its
    // video, so the refusal came from the check on the output.
    const output = progressFromLogs(field(captured?.body, 'logs')) === 100;
    return {
      code: output ? 'output_refused' : 'input_refused',
      message: `Replicate refused the request: ${message}`,
      retryable: false,
      providerCode: code,
    };
  }
  return {
    code: 'provider_outage',
    message: `Replicate failed to generate the video: ${message}`,
    retryable: code === 'PA',
    providerCode: code,
  };
}
