/**
 * Veo on Vertex AI in reelgate's terms: the Gemini API's rules (sizes, 1080p only at 8 s,
 * safety-filter support codes telling input from output refusals, operation error codes) plus
 * Vertex's own result forms. Videos come back inline (`bytesBase64Encoded`) or, with a
 * `storageUri`, as `gs://` objects; either way reelgate copies them through the binding's
 * `openContent` (which re-reads the operation), so the base64 is dropped from what is stored
 * on the generation. An operation that is gone (HTTP 404) means the result expired.
 */
import { APICallError } from '@ai-sdk/provider';
import type { ProviderFamily } from '../ai-sdk-common/provider-family.ts';
import { classifyThrown } from '../ai-sdk-common/classify.ts';
import { field } from '../ai-sdk-common/response-capture.ts';
import { googleFamily, INPUT_SUPPORT_CODES, supportCodesOf } from '../google/google-family.ts';

export const vertexFamily: ProviderFamily = {
  ...googleFamily,
  name: 'google-vertex',
  classifyThrown(error, captured, nowMs) {
    const response = field(captured?.body, 'response');
    const filtered = field(response, 'raiMediaFilteredCount');
    if (typeof filtered === 'number' && filtered > 0) {
      const reasons = field(response, 'raiMediaFilteredReasons');
      const reason =
        Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : 'blocked by safety filters';
      const input = supportCodesOf(reasons).some((code) => INPUT_SUPPORT_CODES.has(code));
      return {
        code: input ? 'input_refused' : 'output_refused',
        message: `Vertex AI's safety filters blocked the video: ${reason}`,
        retryable: false,
        providerCode: 'RAI_MEDIA_FILTERED',
      };
    }
    if (
      APICallError.isInstance(error) &&
      error.statusCode === 404 &&
      /fetchPredictOperation$/.test(error.url)
    )
      return {
        code: 'result_expired',
        message: 'Vertex AI no longer has this operation (its result expired before it was copied).',
        retryable: false,
        providerCode: '404',
      };
    return classifyThrown('google-vertex', error, nowMs);
  },
  sanitizeCompleted(result) {
    return {
      ...result,
      videos: result.videos.map((video) => (video.type === 'base64' ? { ...video, data: '' } : video)),
    };
  },
};
