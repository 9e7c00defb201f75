/** What the HTTP layer's `Idempotency-Key` handling needs from storage (types only). */

export interface StoredAnswer {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  contentType: string | null;
  body: string | null;
}

/** Where keys live (the database: src/app/idempotency-store.ts). */
export interface IdempotencyStore {
  claim(claim: {
    accountId: string;
    key: string;
    fingerprint: string;
    nowMs: number;
    lockMs: number;
    keepMs: number;
  }): Promise<{ claimed: true } | { claimed: false; existing: StoredAnswer }>;
  complete(done: {
    accountId: string;
    key: string;
    status: number;
    contentType: string | null;
    body: string;
    generationId: string | null;
  }): Promise<void>;
  release(accountId: string, key: string): Promise<void>;
}
