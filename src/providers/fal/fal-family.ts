/**
 * fal in reelgate's terms. Options: the size becomes `aspect_ratio` + `resolution` ("720p").
 * Status: the package reads only the result URL (400 "still in progress" while pending); a
 * failed request answers that URL with fal's model error `{detail: [{type, loc, msg}]}` and
 * an `X-Fal-Retryable` header: `content_policy_violation` is an input refusal when its `loc`
 * names a request field and an output refusal otherwise; the header
 * decides whether another attempt may work.
 */
import { ReelgateError } from '../../core/errors.ts';
import { type FailureInfo, classifyThrown } from '../ai-sdk-common/classify.ts';
import { sizeAsAspectAndClass, withRequestOptions } from '../ai-sdk-common/options.ts';
import type { NormalizedStatus, ProviderFamily } from '../ai-sdk-common/provider-family.ts';
import { type CapturedResponse, field } from '../ai-sdk-common/response-capture.ts';

export const falFamily: ProviderFamily = {
  name: 'fal',
  adaptOptions: (_modelId, options) =>
    withRequestOptions(sizeAsAspectAndClass(options, 'fal'), 'fal', {
      negativePrompt: 'negative_prompt',
      generateAudio: 'generate_audio',
      seed: 'seed',
      fps: 'fps',
    }),
  imageModelId: falImageEndpoint,
  interpretStatus(result, captured): NormalizedStatus {
    const base = { progress: null, queuePosition: null, resultExpiresAtMs: null, completedAtMs: null };
    if (result.status === 'pending') return { ...base, providerStatus: 'IN_PROGRESS', started: true };
    if (result.status === 'completed') return { ...base, providerStatus: 'COMPLETED', started: true };
    if (isFailedCheck(captured)) {
      // The package reports any HTTP error of the result call as a failed job; without fal's
      // model error body it is the check that failed (a 5xx or 429 of the queue), not the job:
      // throwing makes it a retried check, never a second paid job.
      throw new ReelgateError({
        code: captured?.status === 429 ? 'provider_rate_limited' : 'provider_outage',
        message: `fal's queue answered HTTP ${captured?.status} to a status check.`,
        retryable: true,
      });
    }
    return {
      ...base,
      providerStatus: 'COMPLETED',
      started: true,
      failure: falFailure(captured, result.error),
    };
  },
  classifyThrown(error, captured, nowMs): FailureInfo {
    const modelError = captured && captured.status >= 400 ? falModelError(captured) : undefined;
    if (modelError?.type === 'content_policy_violation') return falFailure(captured, modelError.msg);
    return classifyThrown('fal', error, nowMs);
  },
};

/** An HTTP error answer without fal's model error body: the queue failed, not the request. */
function isFailedCheck(captured: CapturedResponse | undefined): boolean {
  if (!captured || captured.status < 429) return false;
  if (captured.status !== 429 && captured.status < 500) return false;
  return falModelError(captured) === undefined;
}

interface FalModelError {
  type: string;
  msg: string;
  /** Where the problem is: `["body", "prompt"]` for a request field; empty for the output. */
  loc: unknown[];
}

function falModelError(captured: CapturedResponse): FalModelError | undefined {
  const detail = field(captured.body, 'detail');
  const first = Array.isArray(detail) ? detail[0] : undefined;
  const type = field(first, 'type');
  const loc = field(first, 'loc');
  return typeof type === 'string'
    ? { type, msg: String(field(first, 'msg') ?? type), loc: Array.isArray(loc) ? loc : [] }
    : undefined;
}

export function falFailure(captured: CapturedResponse | undefined, fallback: string): FailureInfo {
  const modelError = captured ? falModelError(captured) : undefined;
  const retryableHeader = captured?.headers['x-fal-retryable'];
  const message = modelError?.msg ?? fallback;
  if (modelError?.type === 'content_policy_violation') {
    // A refusal that points at a request field (`loc: ["body", ...]`) is about the input;
    // one that points at none was raised by the check on the generated output.
    const input = modelError.loc[0] === 'body';
    return {
      code: input ? 'input_refused' : 'output_refused',
      message: `fal refused the request: ${message}`,
      retryable: false,
      providerCode: modelError.type,
    };
  }
  if (modelError?.type === 'request_cancelled')
    return { code: 'canceled', message, retryable: false, providerCode: modelError.type };
  if (captured?.status === 404)
    return {
      code: 'provider_outage',
      message: `fal no longer knows this request: ${message}`,
      retryable: false,
      providerCode: '404',
    };
  const retryable =
    retryableHeader === undefined ? (captured?.status ?? 500) >= 500 : retryableHeader === 'true';
  return {
    code: 'provider_outage',
    message: `fal failed to generate the video: ${message}`,
    retryable,
    providerCode: modelError?.type ?? String(captured?.status ?? ''),
  };
}

/**
 * fal's image-to-video sibling of a text-to-video endpoint: `.../text-to-video` becomes
 * `.../image-to-video`; Veo endpoints without a suffix (`fal-ai/veo3`, `fal-ai/veo3/fast`)
 * gain `/image-to-video`.
 */
export function falImageEndpoint(modelId: string): string | undefined {
  if (/\/text-to-video$/.test(modelId)) return modelId.replace(/\/text-to-video$/, '/image-to-video');
  if (/^(fal-ai\/)?veo3(\.1)?(\/fast)?$/.test(modelId)) return `${modelId}/image-to-video`;
  return undefined;
}
