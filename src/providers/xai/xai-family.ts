/**
 * xAI video in reelgate's terms. Options: the size becomes `aspect_ratio` + `resolution`.
 * Status (raw body): 202 `pending` with `progress`; `done` with `respect_moderation: false` is
 * an output refusal; `failed` with `{error: {code, message}}` (a content-policy code there is
 * an input refusal); `expired` means the result is
 * gone. Unknown status strings are logged and treated as pending (the package does the same).
 */
import { type FailureInfo, classifyThrown } from '../ai-sdk-common/classify.ts';
import { sizeAsAspectAndClass, withRequestOptions } from '../ai-sdk-common/options.ts';
import type { NormalizedStatus, ProviderFamily } from '../ai-sdk-common/provider-family.ts';
import { field } from '../ai-sdk-common/response-capture.ts';

const knownStatuses = new Set(['pending', 'done', 'failed', 'expired']);
/** Error codes of a failed request that mean the input broke the content policy. */
const refusalCodes = new Set(['content_policy_violation', 'content_moderation', 'moderation_blocked']);

export const xaiFamily: ProviderFamily = {
  name: 'xai',
  // @ai-sdk/xai sends `generate_audio` itself and warns about seed and fps.
  adaptOptions: (_modelId, options) => withRequestOptions(sizeAsAspectAndClass(options, 'xai'), 'xai', {}),
  interpretStatus(result, captured, nowMs): NormalizedStatus {
    const body = captured?.body;
    const status = typeof field(body, 'status') === 'string' ? String(field(body, 'status')) : result.status;
    const progress = field(body, 'progress');
    const fileOutput = field(field(body, 'video'), 'file_output');
    const expiresAt = field(fileOutput, 'public_url_expires_at') ?? field(fileOutput, 'expires_at');
    const normalized: NormalizedStatus = {
      providerStatus: status,
      progress: typeof progress === 'number' ? Math.max(0, Math.min(100, progress)) : null,
      queuePosition: null,
      started: true,
      resultExpiresAtMs: typeof expiresAt === 'number' ? expiresAt * 1000 : null,
      completedAtMs: result.status === 'completed' ? nowMs : null,
      ...(knownStatuses.has(status) || result.status !== 'pending' ? {} : { unknownStatus: true }),
    };
    if (result.status !== 'error') return normalized;
    const video = field(body, 'video');
    if (status === 'done' && field(video, 'respect_moderation') === false) {
      normalized.failure = {
        code: 'output_refused',
        message: `xAI's moderation blocked the video: ${result.error}`,
        retryable: false,
        providerCode: 'respect_moderation',
      };
    } else if (status === 'failed' && refusalCodes.has(String(field(field(body, 'error'), 'code')))) {
      // Refused before anything was made: the prompt or the image.
      normalized.failure = {
        code: 'input_refused',
        message: `xAI refused the request: ${result.error}`,
        retryable: false,
        providerCode: String(field(field(body, 'error'), 'code')),
      };
    } else if (status === 'expired') {
      normalized.failure = {
        code: 'result_expired',
        message: 'The xAI video request expired before its result was copied.',
        retryable: false,
        providerCode: 'expired',
      };
    } else {
      const code = field(field(body, 'error'), 'code');
      normalized.failure = {
        code: 'provider_outage',
        message: `xAI failed to generate the video: ${result.error}`,
        retryable: true,
        providerCode: typeof code === 'string' ? code : null,
      };
    }
    return normalized;
  },
  classifyThrown: (error, _captured, nowMs): FailureInfo => classifyThrown('xai', error, nowMs),
};
