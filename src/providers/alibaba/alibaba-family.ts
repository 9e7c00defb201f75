/**
 * Wan on Alibaba Cloud Model Studio in reelgate's terms. Status (raw body):
 * `output.task_status` PENDING -> RUNNING -> SUCCEEDED | FAILED | CANCELED (UNKNOWN: the task
 * is gone). A FAILED task with code `DataInspectionFailed` had its output refused; the same
 * code answered at submission (HTTP 400) refused the prompt or image. Result URLs live 24 h.
 * Image-to-video uses the sibling `-i2v` model.
 */
import { APICallError } from '@ai-sdk/provider';
import { field } from '../ai-sdk-common/response-capture.ts';
import { stringAt, taskFamily } from '../ai-sdk-common/task-family.ts';

export const DASHSCOPE_RESULT_LIFETIME_MS = 24 * 3600 * 1000;
const REFUSAL_CODE = 'DataInspectionFailed';

export const alibabaFamily = taskFamily({
  name: 'alibaba',
  label: 'Alibaba Model Studio',
  imageModelId: (modelId) => (modelId.includes('-t2v') ? modelId.replace('-t2v', '-i2v') : undefined),
  read: (body) => ({
    status: stringAt(body, 'output', 'task_status'),
    errorCode: stringAt(body, 'output', 'code'),
    errorMessage: stringAt(body, 'output', 'message'),
  }),
  phases: {
    PENDING: 'queued',
    RUNNING: 'running',
    SUCCEEDED: 'completed',
    FAILED: 'failed',
    CANCELED: 'canceled',
    UNKNOWN: 'expired',
  },
  resultLifetimeMs: DASHSCOPE_RESULT_LIFETIME_MS,
  failure(reading, fallback) {
    if (reading.errorCode === REFUSAL_CODE)
      return {
        code: 'output_refused',
        message: `Alibaba's content check refused the generated video: ${reading.errorMessage ?? fallback}`,
        retryable: false,
        providerCode: REFUSAL_CODE,
      };
    return {
      code: 'provider_outage',
      message: `Alibaba failed to generate the video: ${reading.errorMessage ?? fallback}`,
      retryable: true,
      providerCode: reading.errorCode ?? null,
    };
  },
  classifyThrown(error, captured) {
    const code = APICallError.isInstance(error)
      ? (field(error.data, 'code') ?? field(captured?.body, 'code'))
      : undefined;
    if (code === REFUSAL_CODE)
      return {
        code: 'input_refused',
        message: `Alibaba's content check refused the request: ${String(field(captured?.body, 'message') ?? 'inappropriate content')}`,
        retryable: false,
        providerCode: REFUSAL_CODE,
      };
    return undefined;
  },
});
