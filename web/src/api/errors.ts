/** A failed API call, carrying reelgate's error envelope `{error: {message, type, code, ...}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly param: string | null;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, envelope: unknown) {
    const error = readEnvelope(envelope);
    super(error.message ?? `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code =
      error.code ?? (status === 401 ? 'unauthorized' : status >= 500 ? 'internal' : 'invalid_request');
    this.type = error.type ?? 'error';
    this.param = error.param ?? null;
    this.hint = error.hint;
    this.retryable = error.retryable ?? status >= 500;
    this.details = error.details;
  }
}

/** The network itself failed (server down, connection reset). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Could not reach the reelgate server. Is it running?', { cause });
    this.name = 'NetworkError';
  }
}

interface EnvelopeFields {
  message?: string;
  code?: string;
  type?: string;
  param?: string | null;
  hint?: string;
  retryable?: boolean;
  details?: Record<string, unknown>;
}

function readEnvelope(envelope: unknown): EnvelopeFields {
  if (!envelope || typeof envelope !== 'object') return {};
  const inner = (envelope as { error?: unknown }).error;
  if (!inner || typeof inner !== 'object') return {};
  const e = inner as Record<string, unknown>;
  const fields: EnvelopeFields = {};
  if (typeof e.message === 'string') fields.message = e.message;
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.type === 'string') fields.type = e.type;
  if (typeof e.param === 'string') fields.param = e.param;
  if (typeof e.hint === 'string') fields.hint = e.hint;
  if (typeof e.retryable === 'boolean') fields.retryable = e.retryable;
  if (e.details && typeof e.details === 'object') fields.details = e.details as Record<string, unknown>;
  return fields;
}
