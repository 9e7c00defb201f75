/** The database behind the HTTP layer's `Idempotency-Key` handling (src/http/middleware/idempotency.ts). */
import type { Queryable } from '../db/db.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '../db/queries/idempotency-keys.ts';
import type { IdempotencyStore } from '../core/idempotency-store.ts';

export function databaseIdempotencyStore(db: Queryable): IdempotencyStore {
  return {
    claim: (claim) => claimIdempotencyKey(db, claim),
    complete: (done) => completeIdempotencyKey(db, done),
    release: (accountId, key) => releaseIdempotencyKey(db, accountId, key),
  };
}
