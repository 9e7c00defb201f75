/** A database that refuses connections is a moment's condition: 503 with Retry-After, not 500. */
import { describe, expect, it } from 'vitest';
import { toReelgateError } from '../../src/http/error-handler.ts';

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('database errors at the HTTP edge', () => {
  it.each([
    ['53300', 'sorry, too many clients already'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
  ])('SQLSTATE %s answers 503 with Retry-After', (code, message) => {
    const mapped = toReelgateError(pgError(code, message));
    expect(mapped.status).toBe(503);
    expect(mapped.retryable).toBe(true);
    expect(mapped.retryAfterSeconds).toBe(1);
    expect(mapped.message).not.toContain(message);
  });

  it('other failures stay 500 with their details hidden', () => {
    const mapped = toReelgateError(pgError('23505', 'duplicate key value violates unique constraint'));
    expect(mapped.status).toBe(500);
    expect(mapped.message).toBe('Internal server error.');
  });
});
