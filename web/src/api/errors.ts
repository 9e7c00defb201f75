/**
 * The studio uses the typed errors of `reelgate/client` (src/client): one class per family of
 * stable codes. `describeError` turns anything thrown into what the error notices show.
 */
import { ConnectionError, ReelgateApiError } from '../../../src/client/index.ts';

export { ConnectionError as NetworkError, ReelgateApiError as ApiError };

export interface ErrorInfo {
  code: string;
  type?: string;
  message: string;
  hint?: string | undefined;
}

export function describeError(error: unknown): ErrorInfo {
  if (error instanceof ReelgateApiError)
    return { code: error.code, type: error.type, message: error.message, hint: error.hint };
  if (error instanceof ConnectionError || error instanceof TypeError)
    return { code: 'network', message: 'The reelgate server cannot be reached.' };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
