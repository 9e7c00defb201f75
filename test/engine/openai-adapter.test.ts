/**
 * The OpenAI-compatible VideoModelV4 against a recorded-style fake `fetch`: status mapping
 * (unknown statuses become pending with a warning), content-policy refusals as their own
 * non-retryable error type, the Idempotency-Key header on create.
 */
import { expect, test } from 'vitest';
import {
  createOpenAICompatible,
  OpenAICompatibleVideoError,
  VideoContentPolicyError,
} from '../../src/providers/openai-compatible/index.ts';
import { classifyOpenAIError } from '../../src/providers/openai-compatible/openai-compatible-binding.ts';

function video(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: 'video_1',
    object: 'video',
    model: 'sora-2',
    status,
    progress: 40,
    created_at: 1,
    completed_at: null,
    expires_at: null,
    prompt: 'p',
    size: '1280x720',
    seconds: '4',
    remixed_from_video_id: null,
    error: null,
    ...extra,
  };
}

function fakeFetch(reply: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; headers: Headers }> = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push({ url, headers: new Headers(input instanceof Request ? input.headers : init?.headers) });
    return reply(url, init ?? {});
  }) as typeof fetch;
  return { fn, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

test('statuses map to pending / completed / error; unknown ones to pending with a warning', async () => {
  const warnings: string[] = [];
  let next = video('queued');
  const fake = fakeFetch(() => json(next));
  const model = createOpenAICompatible({
    apiKey: 'k',
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: fake.fn,
    onWarning: (message) => warnings.push(message),
  }).video('sora-2');
  const operation = { videoId: 'video_1' };
  expect((await model.doStatus({ operation })).status).toBe('pending');
  next = video('in_progress');
  const running = await model.doStatus({ operation });
  expect(running.status).toBe('pending');
  expect(running.providerMetadata?.openai?.progress).toBe(40);
  next = video('levitating');
  const odd = await model.doStatus({ operation });
  expect(odd.status).toBe('pending');
  expect(odd.providerMetadata?.openai?.unknownStatus).toBe(true);
  expect(warnings).toHaveLength(1);
  next = video('completed', { expires_at: 100 });
  const done = await model.doStatus({ operation });
  expect(done.status).toBe('completed');
  expect(done.providerMetadata?.openai?.expiresAtMs).toBe(100_000);
  next = video('failed', { error: { code: 'moderation_blocked', message: 'blocked' } });
  const refused = await model.doStatus({ operation });
  expect(refused).toMatchObject({ status: 'error', error: 'blocked' });
  expect(refused.providerMetadata?.openai).toMatchObject({ errorKind: 'content_policy', retryable: false });
});

test('create sends the Idempotency-Key; a refused create is a VideoContentPolicyError; 429 is retryable', async () => {
  let reply = () => json(video('queued'));
  const fake = fakeFetch(() => reply());
  const model = createOpenAICompatible({
    apiKey: 'k',
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: fake.fn,
  }).video('sora-2');
  const options = {
    prompt: 'a cat',
    n: 1,
    aspectRatio: undefined,
    resolution: '1280x720' as const,
    duration: 8,
    fps: undefined,
    seed: undefined,
    image: undefined,
    frameImages: undefined,
    inputReferences: undefined,
    generateAudio: undefined,
    providerOptions: {},
    headers: { 'Idempotency-Key': 'rg-abc' },
  };
  const started = await model.doStart(options);
  expect(started.operation).toMatchObject({ videoId: 'video_1' });
  expect(fake.calls.some((call) => call.headers.get('idempotency-key') === 'rg-abc')).toBe(true);

  reply = () =>
    json(
      {
        error: {
          message: 'Your request was blocked.',
          type: 'invalid_request_error',
          param: null,
          code: 'moderation_blocked',
        },
      },
      400,
    );
  const refusal = await model.doStart(options).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(VideoContentPolicyError);
  expect((refusal as VideoContentPolicyError).isRetryable).toBe(false);
  expect(classifyOpenAIError(refusal, 0)).toMatchObject({ code: 'input_refused', retryable: false });

  reply = () =>
    new Response(
      JSON.stringify({ error: { message: 'slow down', type: 'rate_limit', param: null, code: null } }),
      {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after-ms': '1500' },
      },
    );
  const limited = await model.doStart(options).catch((error: unknown) => error);
  expect(limited).toBeInstanceOf(OpenAICompatibleVideoError);
  const mapped = classifyOpenAIError(limited, 0);
  expect(mapped).toMatchObject({ code: 'provider_rate_limited', retryable: true });
  expect(mapped.details?.retryAfterMs).toBe(1500);
});
