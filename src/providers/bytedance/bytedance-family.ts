/**
 * Seedance on BytePlus ModelArk in reelgate's terms. Options: the size's aspect ratio is sent
 * as `ratio` (nearest of Seedance's six; the package maps the size to a resolution tier).
 * Status (raw body): `status` queued -> running -> succeeded | failed | cancelled (| expired);
 * `OutputVideoSensitiveContentDetected` on a failed task is an output refusal, and the
 * `Input...SensitiveContentDetected` codes answered at creation (HTTP 400) input refusals.
 * Result links live 24 h. Image-to-video on the lite model uses its `-i2v` sibling.
 */
import { APICallError } from '@ai-sdk/provider';
import { parseSize } from '../ai-sdk-common/size-options.ts';
import { stringAt, taskFamily } from '../ai-sdk-common/task-family.ts';

export const MODELARK_RESULT_LIFETIME_MS = 24 * 3600 * 1000;

const ratios: Array<[`${number}:${number}`, number]> = [
  ['16:9', 16 / 9],
  ['4:3', 4 / 3],
  ['1:1', 1],
  ['3:4', 3 / 4],
  ['9:16', 9 / 16],
  ['21:9', 21 / 9],
];

export const bytedanceFamily = taskFamily({
  name: 'bytedance',
  label: 'BytePlus ModelArk',
  imageModelId: (modelId) => (modelId.includes('-t2v-') ? modelId.replace('-t2v-', '-i2v-') : undefined),
  adaptOptions(_modelId, options) {
    const size = parseSize(options.resolution);
    if (!size || options.aspectRatio) return options;
    const ratio = size.width / size.height;
    const nearest = ratios.reduce((best, item) =>
      Math.abs(item[1] - ratio) < Math.abs(best[1] - ratio) ? item : best,
    );
    return { ...options, aspectRatio: nearest[0] };
  },
  read: (body) => ({
    status: stringAt(body, 'status'),
    errorCode: stringAt(body, 'error', 'code'),
    errorMessage: stringAt(body, 'error', 'message'),
  }),
  phases: {
    queued: 'queued',
    running: 'running',
    succeeded: 'completed',
    failed: 'failed',
    cancelled: 'canceled',
    expired: 'expired',
  },
  resultLifetimeMs: MODELARK_RESULT_LIFETIME_MS,
  failure(reading, fallback) {
    const detail = reading.errorMessage ?? fallback;
    if (reading.errorCode?.startsWith('OutputVideoSensitiveContentDetected'))
      return {
        code: 'output_refused',
        message: `ModelArk refused the generated video: ${detail}`,
        retryable: false,
        providerCode: reading.errorCode,
      };
    if (reading.errorCode?.includes('SensitiveContentDetected'))
      return {
        code: 'input_refused',
        message: `ModelArk refused the request: ${detail}`,
        retryable: false,
        providerCode: reading.errorCode,
      };
    return {
      code: 'provider_outage',
      message: `ModelArk failed to generate the video: ${detail}`,
      retryable: true,
      providerCode: reading.errorCode ?? null,
    };
  },
  classifyThrown(error) {
    if (!APICallError.isInstance(error)) return undefined;
    const code =
      stringAt(error.data, 'error', 'code') ?? stringAt(safeParse(error.responseBody), 'error', 'code');
    if (code?.startsWith('Input') && code.includes('SensitiveContentDetected'))
      return {
        code: 'input_refused',
        message: `ModelArk refused the request: ${stringAt(error.data, 'error', 'message') ?? code}`,
        retryable: false,
        providerCode: code,
      };
    return undefined;
  },
});

function safeParse(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
