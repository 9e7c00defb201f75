/** Pure pieces: fault markers, content policy, image probing, byte ranges, settings from env/flags. */
import { describe, expect, it } from 'vitest';
import { emulatorOptionsFromEnv } from '../../src/emulator/config.ts';
import { checkMediaBytes, checkPrompt, HUMAN_FACE_MARKER } from '../../src/emulator/core/content-policy.ts';
import { parseRange } from '../../src/emulator/core/download.ts';
import { FaultInjector, parseFaultMarkers } from '../../src/emulator/core/faults.ts';
import { seededRandom } from '../../src/core/random.ts';
import { isLoopbackHost } from '../../src/emulator/faces/openai/input-reference.ts';
import { probeImage } from '../../src/media/image-probe.ts';
import { imageFixture } from './helpers.ts';

describe('fault markers', () => {
  it('parses names and counts', () => {
    const markers = parseFaultMarkers(
      'x [[fault:http500]] [[fault:fail:3]] [[fault:hang:always]] [[fault:bogus]]',
    );
    expect([...markers]).toEqual([
      ['http500', 1],
      ['fail', 3],
      ['hang', Infinity],
    ]);
  });

  it('fires a marker exactly N times per scope and prompt', () => {
    const faults = new FaultInjector({}, seededRandom(1));
    const fired = Array.from({ length: 4 }, () => faults.fromMarker('s', 'p [[fault:http429:2]]', 'http429'));
    expect(fired).toEqual([true, true, false, false]);
    expect(faults.fromMarker('other-scope', 'p [[fault:http429:2]]', 'http429')).toBe(true);
    faults.reset();
    expect(faults.fromMarker('s', 'p [[fault:http429:2]]', 'http429')).toBe(true);
  });

  it('injects random faults at about the configured rate, repeatably for a seed', () => {
    const run = (seed: number) => {
      const faults = new FaultInjector({ http5xx: 0.2 }, seededRandom(seed));
      return Array.from({ length: 2000 }, () => faults.roll('http5xx'));
    };
    const hits = run(8).filter(Boolean).length;
    expect(hits).toBeGreaterThan(320);
    expect(hits).toBeLessThan(480);
    expect(run(8)).toEqual(run(8));
    expect(new FaultInjector({}, seededRandom(1)).roll('reset')).toBe(false);
  });
});

describe('content policy', () => {
  it('refuses public figures, graphic violence and copyrighted characters, whole words only', () => {
    expect(checkPrompt('Barack Obama giving a speech')?.category).toBe('public_figure');
    expect(checkPrompt('a beheading in the town square')?.category).toBe('graphic_violence');
    expect(checkPrompt('SPIDER-MAN swinging')?.category).toBe('copyrighted_character');
    expect(checkPrompt('Beyoncé on stage')?.category).toBe('public_figure');
    expect(checkPrompt('A gorilla eating gorgonzola')).toBeNull();
    expect(checkPrompt('A mario-kart style race of snails')).toBeNull();
  });

  it('recognises the human-face marker in media bytes', () => {
    const image = imageFixture(64, 64);
    expect(checkMediaBytes(image)).toBeNull();
    expect(checkMediaBytes(Buffer.concat([image, Buffer.from(HUMAN_FACE_MARKER)]))?.category).toBe(
      'human_face',
    );
  });
});

describe('image probing', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('reads %s dimensions', (format) => {
    expect(probeImage(imageFixture(96, 54, format))).toMatchObject({ format, width: 96, height: 54 });
  });

  it('returns null for non-images and truncated headers', () => {
    expect(probeImage(Buffer.from('hello world, not an image'))).toBeNull();
    expect(probeImage(imageFixture(96, 54, 'png').subarray(0, 18))).toBeNull();
    expect(probeImage(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull();
  });
});

describe('byte ranges and hosts', () => {
  it('parses single ranges', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange(undefined, 1000)).toBeNull();
  });

  it('treats only loopback hosts as loopback', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });
});

describe('settings from environment and flags', () => {
  it('maps REELGATE_EMULATOR_* variables, with flags taking precedence', () => {
    const options = emulatorOptionsFromEnv(
      {
        REELGATE_EMULATOR_PORT: '5000',
        REELGATE_EMULATOR_SPEED: '50',
        REELGATE_EMULATOR_HOST: '0.0.0.0',
        REELGATE_EMULATOR_SEED: '3',
        REELGATE_EMULATOR_DATA_DIR: '/tmp/x',
        REELGATE_EMULATOR_WEBHOOK_URL: 'http://127.0.0.1:1/h',
        REELGATE_EMULATOR_WEBHOOK_SECRET: 'whsec_abc',
        REELGATE_EMULATOR_FAULT_5XX: '0.1',
        REELGATE_EMULATOR_FAULT_TRUNCATE: '0.05',
        REELGATE_EMULATOR_RATE_LIMIT: '25',
        REELGATE_EMULATOR_RATE_LIMIT_WINDOW_MS: '500',
      },
      { speed: '1000', faultFail: '0.2' },
    );
    expect(options).toMatchObject({
      port: 5000,
      speed: 1000,
      host: '0.0.0.0',
      seed: 3,
      dataDir: '/tmp/x',
      webhookUrl: 'http://127.0.0.1:1/h',
      webhookSecret: 'whsec_abc',
      faults: { http5xx: 0.1, truncate: 0.05, fail: 0.2 },
      rateLimit: { requests: 25, windowMs: 500 },
    });
  });

  it('rejects malformed numbers and rates', () => {
    expect(() => emulatorOptionsFromEnv({ REELGATE_EMULATOR_SPEED: 'fast' })).toThrow(/speed/);
    expect(() => emulatorOptionsFromEnv({}, { 'fault-reset': '1.5' })).toThrow(/fault-reset/);
  });
});
