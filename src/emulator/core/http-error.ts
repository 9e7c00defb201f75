/**
 * The error a face handler throws for an HTTP error reply. Each face's onError turns it into
 * that provider's own envelope (OpenAI: `{error: {message, type, param, code}}`).
 */
export interface EmulatorHttpErrorOptions {
  status: number;
  message: string;
  /** Provider error type, e.g. OpenAI's `invalid_request_error`. */
  type?: string;
  param?: string | null;
  code?: string | null;
  headers?: Record<string, string>;
}

export class EmulatorHttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(options: EmulatorHttpErrorOptions) {
    super(options.message);
    this.name = 'EmulatorHttpError';
    this.status = options.status;
    this.type = options.type ?? defaultType(options.status);
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }
}

function defaultType(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function badRequest(message: string, param: string | null = null, code: string | null = null) {
  return new EmulatorHttpError({ status: 400, message, param, code });
}
