/** Pure pieces of outgoing webhooks: signatures, payloads, retry schedule, secret storage. */
import OpenAI from 'openai';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { GenerationEvent } from '../../src/core/generation.ts';
import { seededRandom } from '../../src/core/random.ts';
import { buildWebhookMessage, webhookEventId, webhookTypeFor } from '../../src/webhooks/events.ts';
import { defaultRetryDelaysMs, maxAttempts, nextRetryDelayMs } from '../../src/webhooks/retry-schedule.ts';
import { createSecretBox, generateWebhookSecret, plainSecretBox } from '../../src/webhooks/secrets.ts';
import { signWebhook } from '../../src/webhooks/signing.ts';
import { fakeGeneration } from './support.ts';

describe('signatures', () => {
  const secret = generateWebhookSecret();
  const now = Date.now();
  const message = buildWebhookMessage('video.completed', fakeGeneration(), now);

  it('generates whsec_ secrets of 32 random bytes', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('verifies with the standardwebhooks package', () => {
    const headers = signWebhook([secret], message.eventId, now, message.payload);
    expect(headers['webhook-id']).toBe('evt_video_abc123_completed');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(new Webhook(secret).verify(message.payload, headers)).toMatchObject({
      type: 'video.completed',
      data: { id: 'video_abc123', status: 'completed' },
    });
    expect(() => new Webhook(generateWebhookSecret()).verify(message.payload, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${message.payload} `, headers)).toThrow();
  });

  it("verifies with the openai SDK's webhooks.unwrap()", async () => {
    const client = new OpenAI({ apiKey: 'unused', webhookSecret: secret });
    const headers = signWebhook([secret], message.eventId, now, message.payload);
    const event = await client.webhooks.unwrap(message.payload, headers);
    expect(event).toMatchObject({ id: message.eventId, object: 'event', type: 'video.completed' });
    expect(event.created_at).toBe(Math.floor(now / 1000));
    await expect(
      new OpenAI({ apiKey: 'unused', webhookSecret: generateWebhookSecret() }).webhooks.unwrap(
        message.payload,
        headers,
      ),
    ).rejects.toThrow();
  });

  it('signs with both secrets during a rotation: either one verifies', () => {
    const next = generateWebhookSecret();
    const headers = signWebhook([next, secret], message.eventId, now, message.payload);
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(next).verify(message.payload, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(message.payload, headers)).not.toThrow();
  });
});

describe('events', () => {
  const event = (type: GenerationEvent['type'], generation = fakeGeneration()): GenerationEvent => ({
    type,
    generation,
    at: 0,
  });

  it('maps engine events to webhook types', () => {
    expect(webhookTypeFor(event('generation:completed'))).toBe('video.completed');
    expect(webhookTypeFor(event('generation:failed'))).toBe('video.failed');
    expect(webhookTypeFor(event('generation:expired'))).toBe('video.failed');
    expect(webhookTypeFor(event('generation:canceled'))).toBe('video.canceled');
    expect(webhookTypeFor(event('generation:progress'))).toBe('video.progress');
    expect(webhookTypeFor(event('generation:accepted'))).toBeUndefined();
    expect(webhookTypeFor(event('generation:deleted'))).toBeUndefined();
  });

  it('derives stable event ids, progress per 10% step', () => {
    expect(webhookEventId('video.failed', fakeGeneration())).toBe('evt_video_abc123_failed');
    expect(webhookEventId('video.progress', fakeGeneration({ progress: 37 }))).toBe(
      'evt_video_abc123_progress_30',
    );
    expect(webhookEventId('video.progress', fakeGeneration({ progress: 39.9 }))).toBe(
      'evt_video_abc123_progress_30',
    );
  });

  it('uses the supplied presenter for data', () => {
    const message = buildWebhookMessage('video.completed', fakeGeneration(), 1_000, (generation) => ({
      id: generation.id,
      url: 'https://gw.example/files/x',
    }));
    expect(JSON.parse(message.payload)).toEqual({
      id: 'evt_video_abc123_completed',
      object: 'event',
      type: 'video.completed',
      created_at: 1,
      timestamp: '1970-01-01T00:00:01.000Z',
      data: { id: 'video_abc123', url: 'https://gw.example/files/x' },
    });
  });
});

describe('retry schedule', () => {
  it('spreads attempts over hours, jittered within ±10%, then gives up', () => {
    const random = seededRandom(7);
    let total = 0;
    for (let attempt = 1; attempt < maxAttempts(); attempt++) {
      const delay = nextRetryDelayMs(attempt, random)!;
      const base = defaultRetryDelaysMs[attempt - 1]!;
      expect(delay).toBeGreaterThanOrEqual(base * 0.9);
      expect(delay).toBeLessThanOrEqual(base * 1.1);
      total += delay;
    }
    expect(total).toBeGreaterThan(13 * 3600_000);
    expect(nextRetryDelayMs(maxAttempts(), random)).toBeUndefined();
    expect(nextRetryDelayMs(0, random)).toBeUndefined();
  });
});

describe('secret storage', () => {
  it('seals with AES-GCM under a key and opens again; plain when no key', () => {
    const box = createSecretBox('a long server-side key');
    const secret = generateWebhookSecret();
    const sealed = box.seal(secret);
    expect(sealed.startsWith('enc:v1:')).toBe(true);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed)).toBe(secret);
    expect(box.seal(secret)).not.toBe(sealed); // fresh IV each time
    expect(box.open(secret)).toBe(secret); // secrets stored before the key was set stay usable
    expect(() => createSecretBox('another key').open(sealed)).toThrow(/could not be decrypted/);
    expect(() => plainSecretBox.open(sealed)).toThrow();
    expect(plainSecretBox.seal(secret)).toBe(secret);
  });
});
