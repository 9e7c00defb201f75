/**
 * MiniMax video (Hailuo H3) in reelgate's terms. Options: the size's aspect ratio is sent as
 * `aspectRatio` (the package maps the size to a resolution tier and would otherwise default
 * to 16:9). Status (raw body): `task.status` queued -> running -> succeeded | failed |
 * cancelled | expired; a failed task's `error.code` 1026 means the request was judged
 * sensitive (input refused), 1027 the generated video (output refused).
 */
import { parseSize } from '../ai-sdk-common/size-options.ts';
import { stringAt, taskFamily } from '../ai-sdk-common/task-family.ts';

/** How long MiniMax result links stay valid (not documented for the /v2 API; 9 h assumed). */
export const MINIMAX_RESULT_LIFETIME_MS = 9 * 3600 * 1000;

export const minimaxFamily = taskFamily({
  name: 'minimax',
  label: 'MiniMax',
  adaptOptions(_modelId, options) {
    const size = parseSize(options.resolution);
    return size && !options.aspectRatio ? { ...options, aspectRatio: size.aspectRatio } : options;
  },
  read: (body) => ({
    status: stringAt(body, 'task', 'status'),
    errorCode: stringAt(body, 'task', 'error', 'code'),
    errorMessage: stringAt(body, 'task', 'error', 'message'),
  }),
  phases: {
    queued: 'queued',
    running: 'running',
    succeeded: 'completed',
    failed: 'failed',
    cancelled: 'canceled',
    expired: 'expired',
  },
  resultLifetimeMs: MINIMAX_RESULT_LIFETIME_MS,
  failure(reading, fallback) {
    const detail = reading.errorMessage ?? fallback;
    if (reading.errorCode === '1026')
      return {
        code: 'input_refused',
        message: `MiniMax judged the request sensitive: ${detail}`,
        retryable: false,
        providerCode: '1026',
      };
    if (reading.errorCode === '1027')
      return {
        code: 'output_refused',
        message: `MiniMax judged the generated video sensitive: ${detail}`,
        retryable: false,
        providerCode: '1027',
      };
    return {
      code: 'provider_outage',
      message: `MiniMax failed to generate the video: ${detail}`,
      retryable: true,
      providerCode: reading.errorCode ?? null,
    };
  },
});
