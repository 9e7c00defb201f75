import { APICallError } from '@ai-sdk/provider';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ReelgateError } from '../../src/core/errors.ts';
import { classifyStartFailure, providerAnswered } from '../../src/core/start-outcome.ts';
import { OutboundRequestError } from '../../src/net/outbound-errors.ts';
import { classifyThrown, toReelgateError } from '../../src/providers/ai-sdk-common/classify.ts';
import { mapOpenAIError } from '../../src/providers/openai-compatible/openai-compatible-errors.ts';

function apiError(statusCode: number): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'https://provider.example/v1/videos',
    requestBodyValues: {},
    statusCode,
    responseHeaders: {},
  });
}

function nodeError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/** What the worker sees: the binding's classification, with the original as cause. */
function classified(error: unknown): ReelgateError {
  return toReelgateError(classifyThrown('provider', error, 0), error);
}

describe('classifyStartFailure', () => {
  it.each([400, 401, 403, 404, 422])('HTTP %i: not created', (status) => {
    expect(classifyStartFailure(apiError(status))).toBe('not_created');
    expect(classifyStartFailure(classified(apiError(status)))).toBe('not_created');
  });

  it.each([500, 502, 503, 504, 408, 409])('HTTP %i: maybe created', (status) => {
    expect(classifyStartFailure(apiError(status))).toBe('maybe_created');
    expect(classifyStartFailure(classified(apiError(status)))).toBe('maybe_created');
  });

  it('429: not created unless the provider says a rate-limited create may run', () => {
    expect(classifyStartFailure(classified(apiError(429)))).toBe('not_created');
    expect(classifyStartFailure(classified(apiError(429)), { rateLimitedMayCreate: true })).toBe(
      'maybe_created',
    );
  });

  it('connection refused and DNS failures before sending: not created', () => {
    const refused = new TypeError('fetch failed', { cause: nodeError('ECONNREFUSED') });
    expect(classifyStartFailure(refused)).toBe('not_created');
    expect(classifyStartFailure(classified(refused))).toBe('not_created');
    expect(
      classifyStartFailure(classified(new TypeError('fetch failed', { cause: nodeError('ENOTFOUND') }))),
    ).toBe('not_created');
    expect(classifyStartFailure(new OutboundRequestError('dns_failed', 'no address'))).toBe('not_created');
    expect(classifyStartFailure(new OutboundRequestError('address_not_allowed', 'private'))).toBe(
      'not_created',
    );
  });

  it('reset or timeout after sending, unknown errors, crashes: maybe created', () => {
    expect(
      classifyStartFailure(classified(new TypeError('fetch failed', { cause: nodeError('ECONNRESET') }))),
    ).toBe('maybe_created');
    expect(classifyStartFailure(new OutboundRequestError('network_error', 'reset'))).toBe('maybe_created');
    expect(classifyStartFailure(new OutboundRequestError('timed_out', 'slow'))).toBe('maybe_created');
    expect(classifyStartFailure(new DOMException('aborted', 'AbortError'))).toBe('maybe_created');
    expect(classifyStartFailure(new Error('boom'))).toBe('maybe_created');
    expect(classifyStartFailure(undefined)).toBe('maybe_created');
    expect(classifyStartFailure(new ReelgateError({ code: 'timed_out', message: 'deadline' }))).toBe(
      'maybe_created',
    );
    expect(classifyStartFailure(new ReelgateError({ code: 'provider_outage', message: '?' }))).toBe(
      'maybe_created',
    );
  });

  it('tells a request the provider answered (finished there) from one never answered', () => {
    expect(providerAnswered(classified(apiError(502)))).toBe(true);
    expect(providerAnswered(apiError(500))).toBe(true);
    expect(
      providerAnswered(classified(new TypeError('fetch failed', { cause: nodeError('ECONNRESET') }))),
    ).toBe(false);
    expect(providerAnswered(new OutboundRequestError('timed_out', 'slow'))).toBe(false);
    expect(providerAnswered(undefined)).toBe(false);
  });

  it('refusals raised before or by the provider without a status: not created', () => {
    expect(classifyStartFailure(new ReelgateError({ code: 'invalid_request', message: 'size' }))).toBe(
      'not_created',
    );
    expect(classifyStartFailure(new ReelgateError({ code: 'input_refused', message: 'policy' }))).toBe(
      'not_created',
    );
  });

  it("reads the OpenAI adapter's errors", () => {
    const headers = new Headers();
    const status500 = mapOpenAIError(
      OpenAI.APIError.generate(500, { error: { message: 'x' } }, 'x', headers),
    );
    const status400 = mapOpenAIError(
      OpenAI.APIError.generate(400, { error: { message: 'x' } }, 'x', headers),
    );
    expect(classifyStartFailure(status500)).toBe('maybe_created');
    expect(classifyStartFailure(status400)).toBe('not_created');
    const timeout = mapOpenAIError(new OpenAI.APIConnectionTimeoutError());
    expect(classifyStartFailure(timeout)).toBe('maybe_created');
    const refused = mapOpenAIError(new OpenAI.APIConnectionError({ cause: nodeError('ECONNREFUSED') }));
    expect(classifyStartFailure(refused)).toBe('not_created');
  });
});
