/**
 * Errors of the OpenAI-compatible video adapter. Each carries `isRetryable`, decided when it is
 * made; content-policy refusals have their own class and are never retryable.
 */
import OpenAI from 'openai';

export type VideoErrorKind =
  | 'content_policy'
  | 'invalid_request'
  | 'authentication'
  | 'not_found'
  /** A status check of a job we started answered 404: the provider no longer has the job. */
  | 'job_not_found'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'network'
  | 'result_expired'
  | 'truncated_download';

export class OpenAICompatibleVideoError extends Error {
  readonly kind: VideoErrorKind;
  readonly isRetryable: boolean;
  readonly statusCode: number | undefined;
  /** The provider's own error code (`moderation_blocked`...), when it gave one. */
  readonly providerCode: string | undefined;
  readonly responseHeaders: Record<string, string> | undefined;
  readonly param: string | undefined;
  /** The provider's job id the failed call was about (set for `job_not_found`). */
  readonly jobId: string | undefined;

  constructor(options: {
    kind: VideoErrorKind;
    message: string;
    isRetryable: boolean;
    statusCode?: number | undefined;
    providerCode?: string | undefined;
    responseHeaders?: Record<string, string> | undefined;
    param?: string | undefined;
    jobId?: string | undefined;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OpenAICompatibleVideoError';
    this.jobId = options.jobId;
    this.kind = options.kind;
    this.isRetryable = options.isRetryable;
    this.statusCode = options.statusCode;
    this.providerCode = options.providerCode;
    this.responseHeaders = options.responseHeaders;
    this.param = options.param;
  }
}

/** A refusal by the provider's content policy: change the prompt or input, do not retry. */
export class VideoContentPolicyError extends OpenAICompatibleVideoError {
  /** Whether the input (prompt, image) or the generated output was refused. */
  readonly stage: 'input' | 'output';

  constructor(options: {
    message: string;
    stage: 'input' | 'output';
    providerCode?: string;
    statusCode?: number;
  }) {
    super({ ...options, kind: 'content_policy', isRetryable: false });
    this.name = 'VideoContentPolicyError';
    this.stage = options.stage;
  }
}

const moderationCodes = new Set([
  'moderation_blocked',
  'content_policy_violation',
  'input_moderation',
  'output_moderation',
  'content_filter',
]);

/** True for provider error codes that mean a content-policy refusal. */
export function isModerationCode(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && moderationCodes.has(code.toLowerCase());
}

/** Which stage a moderation code refers to (input unless the provider says output). */
export function moderationStage(code: string | null | undefined): 'input' | 'output' {
  return code?.toLowerCase() === 'output_moderation' ? 'output' : 'input';
}

function headersRecord(headers: Headers | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** Maps anything the `openai` client threw into this adapter's typed errors. */
export function mapOpenAIError(error: unknown): OpenAICompatibleVideoError {
  if (error instanceof OpenAICompatibleVideoError) return error;
  if (error instanceof OpenAI.APIConnectionError || error instanceof OpenAI.APIConnectionTimeoutError) {
    return new OpenAICompatibleVideoError({
      kind: 'network',
      message: `Could not reach the video provider: ${error.message}`,
      isRetryable: true,
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const code = typeof error.code === 'string' ? error.code : undefined;
    const headers = headersRecord(error.headers);
    const message = (error.error as { message?: string } | undefined)?.message ?? error.message;
    if (isModerationCode(code)) {
      return new VideoContentPolicyError({
        message,
        stage: moderationStage(code),
        ...(code ? { providerCode: code } : {}),
        ...(status ? { statusCode: status } : {}),
      });
    }
    const base = {
      message,
      statusCode: status,
      providerCode: code,
      responseHeaders: headers,
      param: typeof error.param === 'string' ? error.param : undefined,
      cause: error,
    };
    if (status === 429)
      return new OpenAICompatibleVideoError({ ...base, kind: 'rate_limited', isRetryable: true });
    if (status === 401 || status === 403) {
      return new OpenAICompatibleVideoError({ ...base, kind: 'authentication', isRetryable: false });
    }
    if (status === 404)
      return new OpenAICompatibleVideoError({ ...base, kind: 'not_found', isRetryable: false });
    if (status === 410)
      return new OpenAICompatibleVideoError({ ...base, kind: 'result_expired', isRetryable: false });
    if (status === 408 || status === 409 || (status !== undefined && status >= 500)) {
      return new OpenAICompatibleVideoError({ ...base, kind: 'provider_unavailable', isRetryable: true });
    }
    if (status !== undefined && status >= 400) {
      return new OpenAICompatibleVideoError({ ...base, kind: 'invalid_request', isRetryable: false });
    }
    return new OpenAICompatibleVideoError({ ...base, kind: 'provider_unavailable', isRetryable: true });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OpenAICompatibleVideoError({ kind: 'network', message, isRetryable: true, cause: error });
}
