/**
 * Issue 5 acceptance: a segment whose encoding differs from the others forces a re-encode (and
 * only then). A test-only provider binding, injected through createReelgate's overrides, asks
 * the emulator for a portrait clip when a shot's prompt carries `[[portrait]]`, so one segment
 * comes back 720x1280 among 1280x720 ones.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/probe.ts';
import type { ProviderBinding, VideoModel } from '../../src/providers/provider-port.ts';
import { beeps } from './media.ts';
import { type LongHarness, startLongHarness } from './harness.ts';

let h: LongHarness;
let accountId: string;

/** Delegates everything to `binding`, but portrait-marked prompts are started at 720x1280. */
function portraitOnMarker(binding: ProviderBinding): ProviderBinding {
  return new Proxy(binding, {
    get(target, property, receiver) {
      if (property === 'videoModel') {
        return (modelId: string): VideoModel => {
          const model = target.videoModel(modelId);
          return new Proxy(model, {
            get(inner, key, innerReceiver) {
              if (key === 'doStart') {
                return (options: Parameters<NonNullable<VideoModel['doStart']>>[0]) =>
                  inner.doStart!({
                    ...options,
                    resolution: options.prompt?.includes('[[portrait]]') ? '720x1280' : options.resolution,
                  });
              }
              const value = Reflect.get(inner, key, innerReceiver);
              return typeof value === 'function' ? value.bind(inner) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  h = await startLongHarness({ wrapBinding: portraitOnMarker });
  accountId = (await h.account(h.keys.user)).id;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

it('re-encodes when one segment differs, scaling it to the others; joints stay in sync', async () => {
  const shots = [
    { prompt: 'A windmill on a hill, wide shot, morning light, painterly', duration: 4 },
    { prompt: 'The windmill sails turning, close-up, backlight [[portrait]]', duration: 4 },
    { prompt: 'Fields around the windmill, slow pan, golden hour, painterly', duration: 4 },
  ];
  const created = await h.api('POST', '/v1/storyboards', { shots, resolution: '720p' });
  expect(created.status).toBe(200);
  const done = await h.finished(accountId, created.body.id);
  expect(done.state).toBe('completed');
  const body = (await h.api('GET', `/v1/generations/${created.body.id}`)).body;
  expect(body.plan.stitch.method).toBe('reencode');
  expect(body.plan.stitch.reencode_reason).toBeTruthy();
  const path = join(h.dataDir, 'mismatch.mp4');
  await writeFile(path, new Uint8Array(await (await fetch(body.video.url)).arrayBuffer()));
  const info = await probeMedia(path);
  expect([info.width, info.height]).toEqual([1280, 720]);
  expect(Math.abs(info.durationSeconds - 12)).toBeLessThanOrEqual(0.1);
  const measured = await beeps(path);
  expect(measured.map((beep) => Math.round(beep.at))).toEqual([...Array(12).keys()]);
  for (const beep of measured) expect(Math.abs(beep.at - Math.round(beep.at))).toBeLessThan(0.03);
  expect(measured.filter((beep) => beep.hz > 1500).map((beep) => Math.round(beep.at))).toEqual([0, 4, 8]);
}, 90_000);
