/** Hono environment shared by every route and middleware of the gateway. */
import type { Account } from '../auth/account.ts';
import type { ReelgateError } from '../core/errors.ts';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The authenticated account (set by the auth middleware). */
    account: Account;
    /** Set by the body-limit middleware when the streamed body went over the limit. */
    bodyLimitError: ReelgateError | undefined;
  };
}
