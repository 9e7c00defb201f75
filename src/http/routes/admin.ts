/** The caller's account and admin key management (`reelgate keys` can use these remotely). */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Account, ApiKeyInfo } from '../../auth/account.ts';
import { ReelgateError } from '../../core/errors.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi/registry.ts';
import { readBody } from '../request-body.ts';
import { parseOrThrow } from '../validation.ts';

const accountSchema = named(
  'Account',
  z.looseObject({
    object: z.literal('account'),
    id: z.string(),
    name: z.string(),
    is_admin: z.boolean(),
    budget_usd: z.number().nullable(),
    spent_usd: z.number(),
    concurrency_limit: z.int().nullable(),
    policy_check: z.boolean(),
    created_at: z.int(),
  }),
);
const apiKeySchema = named(
  'ApiKey',
  z.looseObject({
    object: z.literal('api_key'),
    id: z.string(),
    account_id: z.string(),
    name: z.string().nullable(),
    prefix: z.string(),
    source: z.string(),
    created_at: z.int(),
    last_used_at: z.int().nullable(),
    revoked_at: z.int().nullable(),
    key: z.string().optional().describe('The key itself: only in the create response, shown once.'),
  }),
);
const apiKeyListSchema = named(
  'ApiKeyList',
  z.looseObject({ object: z.literal('list'), data: z.array(apiKeySchema) }),
);
const createKeySchema = named(
  'CreateApiKeyBody',
  z.strictObject({
    name: z.string().min(1).max(200).optional(),
    account_id: z.string().min(1).optional().describe('Add the key to this account; default: a new account.'),
    admin: z.boolean().optional().describe('Make the new account an admin account.'),
  }),
);
const listKeysQuerySchema = z.object({
  account_id: z.string().min(1).optional(),
  include_revoked: z.enum(['true', 'false']).optional(),
});

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

function presentAccount(account: Account) {
  return {
    object: 'account',
    id: account.id,
    name: account.name,
    is_admin: account.isAdmin,
    budget_usd: account.budgetUsd,
    spent_usd: account.spentUsd,
    concurrency_limit: account.concurrencyLimit,
    policy_check: account.policyCheck,
    created_at: seconds(account.createdAt),
  };
}

function presentKey(info: ApiKeyInfo) {
  return {
    object: 'api_key',
    id: info.id,
    account_id: info.accountId,
    name: info.name,
    prefix: info.prefix,
    source: info.source,
    created_at: seconds(info.createdAt),
    last_used_at: seconds(info.lastUsedAt),
    revoked_at: seconds(info.revokedAt),
  };
}

export function registerAdminRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { deps, registry, auth, adminAuth } = context;

  registry.add({
    method: 'get',
    path: '/v1/account',
    operationId: 'getAccount',
    summary: 'The account of the API key used',
    tags: ['Accounts'],
    security: 'bearer',
    responses: { '200': { description: 'The account.', schema: accountSchema } },
  });
  app.get('/v1/account', auth, (c) => c.json(presentAccount(c.get('account'))));

  registry.add({
    method: 'get',
    path: '/v1/admin/keys',
    operationId: 'listApiKeys',
    summary: 'List API keys (admin)',
    tags: ['Admin'],
    security: 'admin',
    query: listKeysQuerySchema,
    responses: { '200': { description: 'Keys (never the secrets).', schema: apiKeyListSchema } },
  });
  app.get('/v1/admin/keys', adminAuth, async (c) => {
    const query = parseOrThrow(listKeysQuerySchema, c.req.query());
    const keys = await deps.accounts.listKeys({
      accountId: query.account_id,
      includeRevoked: query.include_revoked === 'true',
    });
    return c.json({ object: 'list', data: keys.map(presentKey) });
  });

  registry.add({
    method: 'post',
    path: '/v1/admin/keys',
    operationId: 'createApiKey',
    summary: 'Create an API key (admin); the key is in the response once',
    tags: ['Admin'],
    security: 'admin',
    body: { json: createKeySchema },
    responses: { '200': { description: 'The new key, with its secret.', schema: apiKeySchema } },
  });
  app.post('/v1/admin/keys', adminAuth, async (c) => {
    const input = parseOrThrow(createKeySchema, (await readBody(c, ['json'])).value);
    const created = await deps.accounts.createKey({
      name: input.name,
      accountId: input.account_id,
      isAdmin: input.admin,
      source: 'api',
    });
    return c.json({
      ...presentKey(created.info),
      key: created.key,
      account: presentAccount(created.account),
    });
  });

  registry.add({
    method: 'delete',
    path: '/v1/admin/keys/{key_id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key by id or prefix (admin)',
    tags: ['Admin'],
    security: 'admin',
    pathParams: { key_id: 'Key id (key_…) or its display prefix (rg_…).' },
    responses: { '200': { description: 'Revoked.' } },
  });
  app.delete('/v1/admin/keys/:key_id', adminAuth, async (c) => {
    const id = c.req.param('key_id');
    if (!(await deps.accounts.revokeKey(id))) {
      throw new ReelgateError({ code: 'not_found', message: `No active API key '${id}'.` });
    }
    return c.json({ id, object: 'api_key.revoked', revoked: true });
  });
}
