import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, fakeMp4, type Harness } from './fakes/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});

const json = { 'content-type': 'application/json' };

describe('authentication', () => {
  it('refuses requests without a key or with a wrong key (401 envelope)', async () => {
    for (const headers of [{}, { authorization: 'Bearer rg_wrong' }, { authorization: `Basic ${h.keyA}` }]) {
      const response = await h.app.request('/v1/videos', { headers });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({ type: 'authentication_error', code: 'unauthorized', param: null });
      expect(typeof body.error.message).toBe('string');
    }
  });

  it('stops accepting a key once revoked', async () => {
    expect((await h.app.request('/v1/account', { headers: h.authA })).status).toBe(200);
    const [key] = await h.accounts.listKeys({ accountId: h.accountA });
    expect(await h.accounts.revokeKey(key!.id)).toBe(true);
    expect((await h.app.request('/v1/account', { headers: h.authA })).status).toBe(401);
  });

  it('keeps every account to its own generations: get, list, content, cancel, delete, events all 404', async () => {
    const created = await h.app.request('/v1/generations', {
      method: 'POST',
      headers: { ...h.authA, ...json },
      body: JSON.stringify({ prompt: 'mine' }),
    });
    const { id } = (await created.json()) as { id: string };
    h.service.complete(id, { video: fakeMp4(100) });
    const attempts: [string, string][] = [
      ['GET', `/v1/generations/${id}`],
      ['GET', `/v1/videos/${id}`],
      ['GET', `/v1/videos/generations/${id}`],
      ['GET', `/v1/videos/${id}/content`],
      ['GET', `/v1/generations/${id}/content`],
      ['GET', `/v1/generations/${id}/events`],
      ['POST', `/v1/generations/${id}/cancel`],
      ['POST', `/v1/videos/${id}/remix`],
      ['DELETE', `/v1/videos/${id}`],
      ['DELETE', `/v1/generations/${id}`],
    ];
    for (const [method, path] of attempts) {
      const response = await h.app.request(path, {
        method,
        headers: { ...h.authB, ...json },
        ...(method === 'POST' ? { body: JSON.stringify({ prompt: 'steal' }) } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const list = (await (await h.app.request('/v1/videos', { headers: h.authB })).json()) as {
      data: unknown[];
    };
    expect(list.data).toEqual([]);
    // Still there for its owner.
    expect((await h.app.request(`/v1/videos/${id}`, { headers: h.authA })).status).toBe(200);
  });

  it('lets only admin keys manage keys; a created key works at once and is shown once', async () => {
    expect((await h.app.request('/v1/admin/keys', { headers: h.authA })).status).toBe(403);
    const admin = { authorization: `Bearer ${h.adminKey}` };
    const created = await h.app.request('/v1/admin/keys', {
      method: 'POST',
      headers: { ...admin, ...json },
      body: JSON.stringify({ name: 'ci' }),
    });
    expect(created.status).toBe(200);
    const key = (await created.json()) as { id: string; key: string; prefix: string; account_id: string };
    expect(key.key.startsWith(key.prefix)).toBe(true);
    const account = (await (
      await h.app.request('/v1/account', { headers: { authorization: `Bearer ${key.key}` } })
    ).json()) as {
      id: string;
      is_admin: boolean;
    };
    expect(account).toMatchObject({ id: key.account_id, is_admin: false });

    const listing = (await (await h.app.request('/v1/admin/keys', { headers: admin })).json()) as {
      data: Record<string, unknown>[];
    };
    expect(listing.data.some((entry) => entry.id === key.id)).toBe(true);
    expect(JSON.stringify(listing)).not.toContain(key.key);

    expect(
      (await h.app.request(`/v1/admin/keys/${key.id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(200);
    expect(
      (await h.app.request('/v1/account', { headers: { authorization: `Bearer ${key.key}` } })).status,
    ).toBe(401);
    expect(
      (await h.app.request(`/v1/admin/keys/${key.id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(404);
  });
});
