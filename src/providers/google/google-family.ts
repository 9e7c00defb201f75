/**
 * Veo through the Gemini API in reelgate's terms. Options: the size becomes `aspectRatio` and
 * the landscape spelling the package maps to "720p"/"1080p"/"4k". Status: long-running
 * operations report no progress; a done operation with `error` failed (code 8 = quota,
 * 13/14/4 = transient); a done operation with `raiMediaFilteredCount` and no samples was
 * blocked by the safety filters (the package throws "No videos in response"; the raw body
 * tells the refusal apart, and its support codes whether the input or the output was refused). Generated files are kept 2 days; the package appends the API key
 * to their URL, which reelgate strips (downloads send it as a header instead).
 */
import { type FailureInfo, classifyThrown } from '../ai-sdk-common/classify.ts';
import { withRequestOptions } from '../ai-sdk-common/options.ts';
import type { CallOptions, NormalizedStatus, ProviderFamily } from '../ai-sdk-common/provider-family.ts';
import { type CapturedResponse, field } from '../ai-sdk-common/response-capture.ts';
import { parseSize } from '../ai-sdk-common/size-options.ts';

/** Gemini API files live for 48 hours. */
export const GOOGLE_FILE_LIFETIME_MS = 48 * 3600 * 1000;

export const googleFamily: ProviderFamily = {
  name: 'google',
  adaptOptions(_modelId, options): CallOptions {
    // @ai-sdk/google sends the seed itself; the audio switch is Vertex AI's, not the Gemini API's.
    options = withRequestOptions(options, 'google', {
      negativePrompt: 'negativePrompt',
      generateAudio: 'generateAudio',
    });
    const size = parseSize(options.resolution);
    if (!size) return options;
    // Veo 3.x offers 1080p (and 4k) only as 8 s clips.
    const longOnly = size.landscape === '1920x1080' || size.landscape === '3840x2160';
    const duration =
      longOnly && options.duration !== undefined && options.duration < 8 ? 8 : options.duration;
    return {
      ...options,
      duration,
      aspectRatio: options.aspectRatio ?? size.aspectRatio,
      resolution: size.landscape,
    };
  },
  interpretStatus(result, captured, nowMs): NormalizedStatus {
    const base = {
      progress: null,
      queuePosition: null,
      resultExpiresAtMs: null,
      completedAtMs: null,
      started: true,
    };
    if (result.status === 'pending') return { ...base, providerStatus: 'RUNNING' };
    if (result.status === 'completed') {
      return {
        ...base,
        providerStatus: 'DONE',
        resultExpiresAtMs: nowMs + GOOGLE_FILE_LIFETIME_MS,
        completedAtMs: nowMs,
      };
    }
    return { ...base, providerStatus: 'DONE_WITH_ERROR', failure: operationFailure(captured, result.error) };
  },
  classifyThrown(error, captured, nowMs): FailureInfo {
    const filtered = field(
      field(field(captured?.body, 'response'), 'generateVideoResponse'),
      'raiMediaFilteredCount',
    );
    if (typeof filtered === 'number' && filtered > 0) {
      const reasons = field(
        field(field(captured?.body, 'response'), 'generateVideoResponse'),
        'raiMediaFilteredReasons',
      );
      const reason =
        Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : 'blocked by safety filters';
      const input = supportCodesOf(reasons).some((code) => INPUT_SUPPORT_CODES.has(code));
      return {
        code: input ? 'input_refused' : 'output_refused',
        message: `Google's safety filters blocked the video: ${reason}`,
        retryable: false,
        providerCode: 'RAI_MEDIA_FILTERED',
      };
    }
    return classifyThrown('google', error, nowMs);
  },
  sanitizeCompleted(result) {
    return {
      ...result,
      videos: result.videos.map((video) =>
        video.type === 'url' ? { ...video, url: withoutKey(video.url) } : video,
      ),
    };
  },
};

function operationFailure(captured: CapturedResponse | undefined, fallback: string): FailureInfo {
  const error = field(captured?.body, 'error');
  const code = field(error, 'code');
  const message = typeof field(error, 'message') === 'string' ? String(field(error, 'message')) : fallback;
  if (code === 8)
    return {
      code: 'provider_rate_limited',
      message: `Google quota exhausted: ${message}`,
      retryable: true,
      providerCode: '8',
    };
  const transient = code === 13 || code === 14 || code === 4 || code === 10;
  return {
    code: 'provider_outage',
    message: `Google failed to generate the video: ${message}`,
    retryable: transient,
    providerCode: typeof code === 'number' ? String(code) : null,
  };
}

/**
 * Safety-filter support codes that refer to the request (prompt or image: child safety,
 * celebrity / person generation); any other code, or none, means the generated video was
 * filtered.
 */
export const INPUT_SUPPORT_CODES = new Set(['58061214', '17301594', '29310472', '15236754', '64151117']);

/** The numeric support codes listed in `raiMediaFilteredReasons` ("... Support codes: 123, 456"). */
export function supportCodesOf(reasons: unknown): string[] {
  if (!Array.isArray(reasons)) return [];
  return reasons.flatMap((reason) =>
    typeof reason === 'string' ? [...reason.matchAll(/\b(\d{8})\b/g)].map((match) => match[1]!) : [],
  );
}

/** The URL without a `key` query parameter. */
export function withoutKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.delete('key');
    return parsed.toString();
  } catch {
    return url;
  }
}
