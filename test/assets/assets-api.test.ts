/**
 * `/v1/assets` through the HTTP app on the real engine: upload (multipart, data: URL, https URL
 * through the outbound guard), list with pagination, get, image content, delete; bad images,
 * refused names and another account's assets; and `assets` on creates and estimates, with the
 * warning for a model that takes no reference images given before anything is paid.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixture } from '../emulator/helpers.ts';
import { type AssetsWorld, createAssetsWorld, OTHER_KEY, serveImage } from './world.ts';

const png = new Uint8Array(imageFixture(320, 180, 'png'));
const jpeg = new Uint8Array(imageFixture(320, 180, 'jpeg'));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const dataUrl = (bytes: Uint8Array, type = 'image/png') =>
  `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

let world: AssetsWorld;

beforeAll(async () => {
  world = await createAssetsWorld();
});
afterAll(async () => {
  await world?.close();
});

async function upload(fields: Record<string, string>, file: Uint8Array, type = 'image/png', key?: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', new File([Buffer.from(file)], 'image', { type }));
  return world.request('/v1/assets', { form, ...(key ? { key } : {}) });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; param: string | null; message: string } })
    .error;
}

describe('creating assets', () => {
  it('stores a multipart upload and serves it back byte for byte', async () => {
    const response = await upload({ kind: 'character', name: 'Mira', description: 'red coat' }, png);
    expect(response.status).toBe(200);
    const asset = (await response.json()) as Record<string, unknown>;
    expect(asset).toMatchObject({
      object: 'asset',
      kind: 'character',
      name: 'Mira',
      description: 'red coat',
      content_type: 'image/png',
      bytes: png.byteLength,
      width: 320,
      height: 180,
      sha256: sha(png),
    });
    expect(String(asset.id)).toMatch(/^asset_[0-9a-f]{24}$/);
    const content = await world.request(`/v1/assets/${asset.id}/content`);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(sha(new Uint8Array(await content.arrayBuffer()))).toBe(sha(png));
    const got = await world.request(`/v1/assets/${asset.id}`);
    expect(await got.json()).toEqual(asset);
  });

  it('takes a base64 data: URL as JSON, reading the media type from the bytes', async () => {
    const response = await world.request('/v1/assets', {
      body: { kind: 'object', name: 'Lantern', image_url: dataUrl(jpeg, 'image/png') },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      kind: 'object',
      content_type: 'image/jpeg',
      sha256: sha(jpeg),
    });
  });

  it('downloads an https URL once through the outbound guard', async () => {
    serveImage(png);
    const response = await world.request('/v1/assets', {
      body: { kind: 'style', name: 'Watercolour', image_url: 'https://images.example.com/mira.png' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'style', sha256: sha(png) });
  });

  it('refuses an image URL on a private address with 400 naming image_url', async () => {
    const response = await world.request('/v1/assets', {
      body: { kind: 'style', name: 'Internal', image_url: 'http://169.254.169.254/latest/meta-data' },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', param: 'image_url' });
  });

  it('refuses bytes that are not an image with 415 naming file', async () => {
    const response = await upload(
      { kind: 'object', name: 'Not an image' },
      new TextEncoder().encode('hello'),
    );
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: 'unsupported_media_type', param: 'file' });
  });

  it('refuses a cut-off image with 400 naming file', async () => {
    const response = await upload({ kind: 'object', name: 'Half' }, png.subarray(0, png.byteLength - 20));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', param: 'file' });
  });

  it('refuses a truncated data: URL with 400 naming image_url', async () => {
    const response = await world.request('/v1/assets', {
      body: { kind: 'object', name: 'Half', image_url: dataUrl(png).slice(0, 200) },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ param: 'image_url' });
  });

  it('refuses an unknown kind and a missing name, naming the field', async () => {
    const kind = await world.request('/v1/assets', {
      body: { kind: 'person', name: 'X', image_url: dataUrl(png) },
    });
    expect(kind.status).toBe(400);
    expect(await errorOf(kind)).toMatchObject({ param: 'kind' });
    const name = await upload({ kind: 'object' }, png);
    expect(name.status).toBe(400);
    expect(await errorOf(name)).toMatchObject({ param: 'name' });
  });

  it('refuses a name the pre-flight policy refuses, before storing anything', async () => {
    const before = await listIds();
    const response = await upload({ kind: 'character', name: 'Taylor Swift' }, png);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'input_refused', param: 'name' });
    expect(await listIds()).toEqual(before);
  });
});

async function listIds(query = '', key?: string): Promise<string[]> {
  const response = await world.request(`/v1/assets${query}`, key ? { key } : {});
  return ((await response.json()) as { data: Array<{ id: string }> }).data.map((asset) => asset.id);
}

describe('listing, reading and deleting', () => {
  it('pages newest first with after/limit/has_more, and filters by kind', async () => {
    const all = await listIds('?limit=100');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = (await (await world.request('/v1/assets?limit=2')).json()) as {
      data: Array<{ id: string }>;
      has_more: boolean;
      last_id: string;
    };
    expect(first.data.map((asset) => asset.id)).toEqual(all.slice(0, 2));
    expect(first.has_more).toBe(true);
    expect(await listIds(`?limit=100&after=${first.last_id}`)).toEqual(all.slice(2));
    expect(await listIds('?limit=100&order=asc')).toEqual([...all].reverse());
    const styles = (await (await world.request('/v1/assets?kind=style')).json()) as {
      data: Array<{ kind: string }>;
    };
    expect(styles.data.length).toBeGreaterThan(0);
    expect(styles.data.every((asset) => asset.kind === 'style')).toBe(true);
  });

  it("keeps each account's assets to itself: another account's id is not found", async () => {
    const mine = await listIds();
    expect(await listIds('', OTHER_KEY)).toEqual([]);
    const id = mine[0]!;
    for (const [method, path] of [
      ['GET', `/v1/assets/${id}`],
      ['GET', `/v1/assets/${id}/content`],
      ['DELETE', `/v1/assets/${id}`],
    ] as const) {
      const response = await world.request(path, { method, key: OTHER_KEY });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const create = await world.request('/v1/generations', {
      key: OTHER_KEY,
      body: {
        prompt: 'a lantern on a table',
        model: 'gateway:google/veo-3.1-fast-generate-001',
        assets: [id],
      },
    });
    expect(create.status).toBe(404);
    expect(await errorOf(create)).toMatchObject({ code: 'not_found', param: 'assets' });
    expect(await listIds()).toEqual(mine);
  });

  it('deletes an asset (then 404), and a second delete is 404 too', async () => {
    const created = (await (await upload({ kind: 'object', name: 'Doomed' }, png)).json()) as { id: string };
    const deleted = await world.request(`/v1/assets/${created.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ id: created.id, object: 'asset.deleted', deleted: true });
    expect((await world.request(`/v1/assets/${created.id}`)).status).toBe(404);
    expect((await world.request(`/v1/assets/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('assets on creates', () => {
  let assetId: string;
  beforeAll(async () => {
    assetId = ((await (await upload({ kind: 'character', name: 'Ada' }, png)).json()) as { id: string }).id;
  });

  it('refuses a malformed id with 400 naming the field', async () => {
    const response = await world.request('/v1/generations', {
      body: { prompt: 'a lantern', assets: ['not-an-asset'] },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ param: 'assets.0' });
  });

  it('names an unknown storyboard shot asset by its shot', async () => {
    const response = await world.request('/v1/storyboards', {
      body: {
        model: 'gateway:google/veo-3.1-fast-generate-001',
        shots: [
          { prompt: 'a harbour at dawn', duration: 4 },
          { prompt: 'a boat leaves', duration: 4, assets: ['asset_0000000000000000'] },
        ],
      },
    });
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'not_found', param: 'shots[1].assets' });
  });

  it('warns on the estimate and the response when the model takes no reference images, and sends none', async () => {
    const model = 'openai:sora-2';
    const estimate = await world.request('/v1/estimates', {
      body: { prompt: 'Ada walks through a market', model, duration: 4, assets: [assetId] },
    });
    expect(estimate.status).toBe(200);
    const warnings = ((await estimate.json()) as { warnings: string[] }).warnings;
    expect(warnings.some((warning) => warning.startsWith('assets are not sent to sora-2'))).toBe(true);
    const created = await world.request('/v1/generations', {
      body: { prompt: 'Ada walks through a market', model, duration: 4, assets: [assetId] },
    });
    expect(created.status).toBe(200);
    const generation = (await created.json()) as { id: string; warnings: string[] };
    expect(generation.warnings.some((warning) => warning.startsWith('assets are not sent to sora-2'))).toBe(
      true,
    );
    // Nothing is kept to send: the generation names no assets.
    expect(generation).not.toHaveProperty('assets');
    expect(((await world.settle(generation.id)) as { status: string }).status).toBe('completed');
  });

  it('gives no such warning for a model that takes reference images, and refuses too many', async () => {
    const model = 'gateway:google/veo-3.1-fast-generate-001';
    const estimate = await world.request('/v1/estimates', {
      body: { prompt: 'Ada walks through a market', model, duration: 4, assets: [assetId] },
    });
    const warnings = ((await estimate.json()) as { warnings: string[] }).warnings;
    expect(warnings.filter((warning) => warning.startsWith('assets'))).toEqual([]);
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      ids.push(
        ((await (await upload({ kind: 'object', name: `prop ${index}` }, png)).json()) as { id: string }).id,
      );
    }
    const tooMany = await world.request('/v1/generations', {
      body: { prompt: 'four props on a shelf', model, duration: 4, assets: ids },
    });
    expect(tooMany.status).toBe(400);
    expect(await errorOf(tooMany)).toMatchObject({ code: 'invalid_request', param: 'assets' });
  });

  it('is accepted on /v1/videos as JSON and as multipart fields', async () => {
    const model = 'gateway:google/veo-3.1-fast-generate-001';
    const json = await world.request('/v1/videos', {
      body: {
        prompt: 'Ada reads a letter by a window',
        model,
        seconds: '4',
        size: '1280x720',
        assets: [assetId],
      },
    });
    expect(json.status).toBe(200);
    const jsonId = ((await json.json()) as { id: string }).id;
    const form = new FormData();
    form.set('prompt', 'Ada closes the letter and smiles');
    form.set('model', model);
    form.set('seconds', '4');
    form.set('size', '1280x720');
    form.set('assets', assetId);
    const multipart = await world.request('/v1/videos', { form });
    expect(multipart.status).toBe(200);
    const formId = ((await multipart.json()) as { id: string }).id;
    for (const id of [jsonId, formId]) {
      const generation = (await (await world.request(`/v1/generations/${id}`)).json()) as {
        assets: Array<{ id: string; shot: number | null; sha256: string }>;
      };
      expect(generation.assets).toEqual([
        { id: assetId, kind: 'character', name: 'Ada', sha256: sha(png), shot: null },
      ]);
    }
  });

  it('GET /v1/models says which models take assets, and how many', async () => {
    const read = async (id: string) =>
      (
        (await (await world.request(`/v1/models/${encodeURIComponent(id)}`)).json()) as {
          continuity: { reference_images: boolean; max_reference_images: number };
        }
      ).continuity;
    expect(await read('gateway:google/veo-3.1-fast-generate-001')).toMatchObject({
      reference_images: true,
      max_reference_images: 3,
    });
    expect(await read('openai:sora-2')).toMatchObject({ reference_images: false, max_reference_images: 0 });
  });

  it('appears in /openapi.json with its schemas', async () => {
    const document = (await (await world.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths['/v1/assets'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/v1/assets/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(document.components.schemas.Asset).toBeDefined();
    expect(document.components.schemas.CreateAssetMultipartBody).toBeDefined();
  });
});
