/**
 * Storage keys are derived by reelgate from ids it made, never taken from input, and no path
 * trick reaches the disk: through API ids and upload file names, signed file links (even with
 * a valid signature for a hostile id), the stores themselves (local disk and S3), and the
 * studio's static file serving.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { pngOfSize } from '../http/fakes/harness.ts';
import { signFileLink } from '../../src/shared/signed-links.ts';
import { generationFileKey, isSafeKey } from '../../src/storage/keys.ts';
import { LocalDiskStorage } from '../../src/storage/local-disk.ts';
import { S3Storage } from '../../src/storage/s3.ts';
import { type Gateway, jsonBody, keyA, signingSecret, startGateway } from './helpers/gateway.ts';

const traversalKeys = [
  '../outside',
  '../../etc/passwd',
  '/etc/passwd',
  'generations/../../outside',
  'generations/./x',
  'generations//x',
  'a\\..\\..\\outside',
  '..',
  '.',
  '',
  'generations/%2e%2e/x',
  'generations/x\u0000.mp4',
  'generations/x/video.mp4/..',
  'C:\\Windows\\win.ini',
  'generations/ä/video.mp4',
];
let gateway: Gateway;
let attempts = 0;

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(async () => {
  await gateway?.close();
});

describe('storage keys', () => {
  it('are derived only from safe ids; anything else is refused before touching a store', () => {
    expect(generationFileKey('video_0123abcd', 'video', 'video/mp4')).toBe(
      'generations/video_0123abcd/video.mp4',
    );
    for (const id of ['../x', 'a/b', '..', '', 'x'.repeat(129), 'a b', 'a\u0000b', '%2e%2e', 'ä']) {
      attempts += 1;
      expect(() => generationFileKey(id, 'video'), id).toThrow();
    }
    for (const key of traversalKeys) {
      attempts += 1;
      expect(isSafeKey(key), key).toBe(false);
    }
  });

  it('local disk refuses traversal keys on put, get, head and delete; nothing lands outside its root', async () => {
    const root = join(gateway.dataDir, 'store', 'files');
    await mkdir(root, { recursive: true });
    const storage = new LocalDiskStorage(root);
    const body = async function* () {
      yield new Uint8Array([1, 2, 3]);
    };
    for (const key of traversalKeys) {
      attempts += 4;
      await expect(storage.put(key, body(), { contentType: 'video/mp4' }), key).rejects.toMatchObject({
        code: 'invalid_request',
      });
      await expect(storage.get(key), key).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(storage.head(key), key).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(storage.delete(key), key).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(await readdir(join(gateway.dataDir, 'store'))).toEqual(['files']);
    expect(await readdir(root)).toEqual([]);
  });

  it('S3 refuses traversal keys before sending anything', async () => {
    const sent: unknown[] = [];
    const storage = new S3Storage(
      {
        bucket: 'b',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:1',
        publicEndpoint: undefined,
        forcePathStyle: true,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        prefix: 'reelgate/',
        delivery: 'proxy',
        presignExpiresSeconds: 60,
        partSizeBytes: 5 * 1024 * 1024,
        queueSize: 1,
      },
      { client: { send: async (command: unknown) => sent.push(command) } as never },
    );
    for (const key of traversalKeys) {
      attempts += 3;
      await expect(storage.get(key), key).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(storage.head(key), key).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(storage.delete(key), key).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(sent).toEqual([]);
  });

  it('keys on every row come from server-made ids, whatever the client sent (ids, file names)', async () => {
    const form = new FormData();
    form.set('prompt', 'first frame');
    form.set('seconds', '4');
    // The first frame must be the video's size (OpenAI's default 720x1280), checked at create.
    const frame = pngOfSize(720, 1280);
    form.set('input_reference', new File([frame], '../../../../etc/passwd', { type: 'image/png' }));
    const upload = await gateway.app.request('/v1/videos', {
      method: 'POST',
      headers: gateway.auth(),
      body: form,
    });
    expect(upload.status).toBe(200);
    const uploaded = ((await upload.json()) as { id: string }).id;
    const chosenId = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'x', id: '../../etc/passwd' }, gateway.auth()),
    );
    expect(chosenId.status).toBe(400);
    attempts += 2;
    await gateway.finished(uploaded);
    const rows = await gateway.reelgate.db.query<{
      id: string;
      video_key: string | null;
      thumbnail_key: string | null;
      inputs: { reference?: { key?: string } };
    }>('SELECT id, video_key, thumbnail_key, inputs FROM generations');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const row of rows.rows) {
      expect(row.id).toMatch(/^video_[0-9a-f]{32}$/);
      for (const key of [row.video_key, row.thumbnail_key, row.inputs.reference?.key]) {
        if (key) expect(key).toMatch(new RegExp(`^generations/${row.id}/[a-z]+\\.[a-z0-9]+$`));
      }
    }
    const reference = rows.rows.find((row) => row.id === uploaded)?.inputs.reference?.key;
    expect(reference).toBe(`generations/${uploaded}/reference.png`);
  });
});

describe('file routes', () => {
  it('never serve a path: hostile ids answer 4xx even with a genuinely signed link', async () => {
    const account = (await gateway.accounts.authenticate(keyA))!.id;
    for (const id of [
      '..',
      '../..',
      '../../etc/passwd',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e',
      'generations',
      '.',
      'video_x%2F..%2F..',
    ]) {
      attempts += 1;
      // Signed with the real secret: as if an attacker knew it. Still only a database lookup.
      const sig = signFileLink(signingSecret, account, decodeURIComponent(id), 'video');
      const response = await gateway.app.request(`/files/${id}/video?sig=${encodeURIComponent(sig)}`);
      expect(response.status, id).toBeGreaterThanOrEqual(400);
      expect(response.status, id).toBeLessThan(500);
      expect(response.headers.get('content-type'), id).toMatch(/^application\/json/);
    }
    for (const variant of ['..', '..%2Fvideo', 'video.mp4', '%2e%2e%2fsigning-secret', 'reference']) {
      attempts += 1;
      const response = await gateway.app.request(`/files/video_x/${variant}?sig=x.y`);
      expect(response.status, variant).toBeGreaterThanOrEqual(400);
      expect(response.status, variant).toBeLessThan(500);
    }
  });

  it('bind each signature to one account, id and variant', async () => {
    const created = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'links' }, gateway.auth()),
    );
    const id = ((await created.json()) as { id: string }).id;
    await gateway.finished(id);
    const got = (await (
      await gateway.app.request(`/v1/generations/${id}`, { headers: gateway.auth() })
    ).json()) as {
      video: { url: string };
    };
    const link = new URL(got.video.url);
    const ok = await gateway.app.request(`${link.pathname}${link.search}`);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    const sig = link.searchParams.get('sig')!;
    const cases = [
      `/files/${id}/thumbnail?sig=${encodeURIComponent(sig)}`,
      `/files/${id.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}/video?sig=${encodeURIComponent(sig)}`,
      `/files/${id}/video?sig=${encodeURIComponent(`${Buffer.from('acct_other').toString('base64url')}.${sig.split('.')[1]}`)}`,
      `/files/${id}/video?sig=${encodeURIComponent(sig.slice(0, -2))}`,
      `/files/${id}/video`,
    ];
    for (const path of cases) {
      attempts += 1;
      const response = await gateway.app.request(path);
      expect([403, 404], path).toContain(response.status);
    }
  });
});

describe("the studio's static files", () => {
  it('never serve anything outside web/dist', async () => {
    const dist = join(gateway.dataDir, 'site', 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>studio</title>');
    await writeFile(join(gateway.dataDir, 'site', 'secret.txt'), 'TOP-SECRET-SIBLING');
    await writeFile(join(gateway.dataDir, 'secret.txt'), 'TOP-SECRET-PARENT');
    const app = createHttpApp({
      service: gateway.reelgate.service,
      planning: gateway.reelgate.service.planning,
      accounts: gateway.accounts,
      config: { signingSecret, webDistDir: dist },
    });
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/..%2f..%2f..%2fsecret.txt',
      '/dist/../secret.txt',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      attempts += 1;
      const response = await app.request(path);
      const text = await response.text();
      expect(text, path).not.toContain('TOP-SECRET');
      expect(text, path).not.toContain('root:');
      expect(response.status, path).toBeLessThan(500);
    }
    console.log(`[security storage] ${attempts} path-traversal attempts refused`);
  });
});
