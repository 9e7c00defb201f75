/**
 * The studio uses the typed errors of `reelgate/client` (src/client): one class per family of
 * stable codes. Re-exported here under the names the screens use.
 */
export {
  apiErrorFrom,
  ConnectionError as NetworkError,
  ReelgateApiError as ApiError,
} from '../../../src/client/index.ts';
