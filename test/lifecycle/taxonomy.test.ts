/** The lifecycle error taxonomy agrees with the error classes and gives refusals a hint. */
import { describe, expect, it } from 'vitest';
import { defaultHint, lifecycleErrors } from '../../src/core/error-taxonomy.ts';
import { type ErrorCode, ReelgateError } from '../../src/core/errors.ts';

describe('lifecycle error taxonomy', () => {
  it('covers the issue-9 codes, each with the retryability its error class has', () => {
    const required: ErrorCode[] = [
      'input_refused',
      'output_refused',
      'invalid_request',
      'provider_outage',
      'provider_rate_limited',
      'timed_out',
      'result_expired',
      'internal',
    ];
    for (const code of required) {
      const kind = lifecycleErrors[code as keyof typeof lifecycleErrors];
      expect(kind, code).toBeDefined();
      expect(kind.retryable, code).toBe(new ReelgateError({ code, message: 'x' }).retryable);
      expect(kind.hint.length, code).toBeGreaterThan(10);
    }
  });

  it('tells input and output refusals apart, neither retryable, both saying what to change', () => {
    expect(lifecycleErrors.input_refused.retryable).toBe(false);
    expect(lifecycleErrors.output_refused.retryable).toBe(false);
    expect(lifecycleErrors.input_refused.hint).not.toBe(lifecycleErrors.output_refused.hint);
    expect(defaultHint('input_refused')).toMatch(/prompt/i);
    expect(defaultHint('not_found')).toBeUndefined();
  });
});
