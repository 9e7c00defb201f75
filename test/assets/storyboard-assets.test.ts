/**
 * The same character across shots: a 3-shot storyboard naming one asset on every shot sends
 * that asset's image with every shot's provider call — seen in what the provider's face
 * received (the SHA-256 of each reference image on its jobs) — and a shot's own asset goes
 * with that shot only. Real engine on PGlite, the AI Gateway package against its face.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixture } from '../emulator/helpers.ts';
import { type AssetsWorld, createAssetsWorld } from './world.ts';

const model = 'gateway:google/veo-3.1-fast-generate-001';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const character = new Uint8Array(imageFixture(320, 180, 'png'));
const prop = new Uint8Array(imageFixture(180, 320, 'png'));

let world: AssetsWorld;

beforeAll(async () => {
  world = await createAssetsWorld();
});
afterAll(async () => {
  await world?.close();
});

async function createAsset(name: string, image: Uint8Array): Promise<string> {
  const form = new FormData();
  form.set('kind', 'character');
  form.set('name', name);
  form.set('file', new File([Buffer.from(image)], `${name}.png`, { type: 'image/png' }));
  const response = await world.request('/v1/assets', { form });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

/** What the gateway face received on each job of these prompts, in shot order. */
function receivedReferences(prompts: string[], face = 'gateway'): string[][] {
  const jobs = world.emulator.core.jobs.all().filter((job) => job.face === face);
  return prompts.map((prompt) => {
    const job = jobs.find((item) => item.prompt.startsWith(prompt));
    expect(job, `a gateway job for "${prompt}"`).toBeDefined();
    const received = job!.attributes.received as { referenceSha256: string[] };
    return received.referenceSha256;
  });
}

describe('assets across storyboard shots', () => {
  it.each([
    { model, face: 'gateway', name: 'Mira' },
    { model: 'xai:grok-imagine-video', face: 'xai', name: 'Noor' },
  ])("passes one asset to every shot's provider call ($face)", async ({ model, face, name }) => {
    const mira = await createAsset(name, character);
    const prompts = [
      `${name} walks into a lighthouse at dusk`,
      `${name} climbs the spiral stairs`,
      `${name} lights the great lamp`,
    ];
    const response = await world.request('/v1/storyboards', {
      body: { model, shots: prompts.map((prompt) => ({ prompt, duration: 4, assets: [mira] })) },
    });
    expect(response.status).toBe(200);
    const created = (await response.json()) as {
      id: string;
      warnings: string[];
      assets: Array<{ id: string; shot: number | null; sha256: string }>;
    };
    expect(created.warnings.filter((warning) => warning.startsWith('assets'))).toEqual([]);
    expect(created.assets.map((use) => [use.id, use.shot, use.sha256])).toEqual([
      [mira, 0, sha(character)],
      [mira, 1, sha(character)],
      [mira, 2, sha(character)],
    ]);
    const video = await world.settle(created.id);
    expect(video.status).toBe('completed');
    expect(receivedReferences(prompts, face)).toEqual([[sha(character)], [sha(character)], [sha(character)]]);
  });

  it("sends a shot's own asset with that shot only", async () => {
    const hero = await createAsset('Hero', character);
    const lamp = await createAsset('Lamp', prop);
    const prompts = ['The hero waits on a pier', 'A brass lamp swings in the wind', 'The hero smiles'];
    const response = await world.request('/v1/storyboards', {
      body: {
        model,
        shots: [
          { prompt: prompts[0], duration: 4, assets: [hero] },
          { prompt: prompts[1], duration: 4, assets: [hero, lamp] },
          { prompt: prompts[2], duration: 4 },
        ],
      },
    });
    expect(response.status).toBe(200);
    const video = await world.settle(((await response.json()) as { id: string }).id);
    expect(video.status).toBe('completed');
    expect(receivedReferences(prompts)).toEqual([[sha(character)], [sha(character), sha(prop)], []]);
  });

  it('keeps working after the asset is deleted (the video keeps its own copy)', async () => {
    const temp = await createAsset('Temp', character);
    const response = await world.request('/v1/generations', {
      body: { model, prompt: 'Temp rides a bicycle by the sea', duration: 4, assets: [temp] },
    });
    const id = ((await response.json()) as { id: string }).id;
    expect((await world.request(`/v1/assets/${temp}`, { method: 'DELETE' })).status).toBe(200);
    const video = await world.settle(id);
    expect(video.status).toBe('completed');
    expect(receivedReferences(['Temp rides a bicycle by the sea'])).toEqual([[sha(character)]]);
    // Deleting the video removes its copy of the image too.
    expect((await world.request(`/v1/generations/${id}`, { method: 'DELETE' })).status).toBe(200);
    const leftovers = await world.reelgate.storage.head(`generations/${id}/${temp}.png`);
    expect(leftovers).toBeUndefined();
  });
});
