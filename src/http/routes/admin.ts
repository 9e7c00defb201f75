/** The caller's account and admin key management (`reelgate keys` can use these remotely). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Account, ApiKeyInfo } from '../../auth/account.ts';
import {
  type AccountResource,
  type ApiKeyResource,
  accountSchema,
  apiKeyListSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  listApiKeysQuerySchema,
  revokedApiKeySchema,
} from '../../contract/accounts.ts';
import { ReelgateError } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

function presentAccount(account: Account): AccountResource {
  return {
    object: 'account',
    id: account.id,
    name: account.name,
    is_admin: account.isAdmin,
    budget_usd: account.budgetUsd,
    spent_usd: account.spentUsd,
    concurrency_limit: account.concurrencyLimit,
    policy_check: account.policyCheck,
    created_at: Math.floor(account.createdAt / 1000),
  };
}

function presentKey(info: ApiKeyInfo): ApiKeyResource {
  return {
    object: 'api_key',
    id: info.id,
    account_id: info.accountId,
    name: info.name,
    prefix: info.prefix,
    source: info.source,
    created_at: Math.floor(info.createdAt / 1000),
    last_used_at: seconds(info.lastUsedAt),
    revoked_at: seconds(info.revokedAt),
  };
}

export const getAccountRoute = createRoute({
  method: 'get',
  path: '/v1/account',
  operationId: 'getAccount',
  summary: 'The account of the API key used',
  tags: ['Accounts'],
  responses: { 200: jsonResponse(accountSchema, 'The account.') },
});

export const listApiKeysRoute = createRoute({
  method: 'get',
  path: '/v1/admin/keys',
  operationId: 'listApiKeys',
  summary: 'List API keys (admin)',
  tags: ['Admin'],
  request: { query: listApiKeysQuerySchema },
  responses: { 200: jsonResponse(apiKeyListSchema, 'Keys (never the secrets).') },
});

export const createApiKeyRoute = createRoute({
  method: 'post',
  path: '/v1/admin/keys',
  operationId: 'createApiKey',
  summary: 'Create an API key (admin); the key is in the response once',
  tags: ['Admin'],
  request: { body: jsonBody(createApiKeyBodySchema) },
  responses: { 200: jsonResponse(createdApiKeySchema, 'The new key, with its secret.') },
});

export const revokeApiKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/keys/{key_id}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key by id or prefix (admin)',
  tags: ['Admin'],
  request: {
    params: z.object({ key_id: z.string().describe('Key id (key_…) or its display prefix (rg_…).') }),
  },
  responses: { 200: jsonResponse(revokedApiKeySchema, 'Revoked.') },
});

export function registerAdminRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps, auth, adminAuth } = context;

  app.openapi({ ...getAccountRoute, middleware: auth }, (c) => c.json(presentAccount(c.get('account')), 200));

  app.openapi({ ...listApiKeysRoute, middleware: adminAuth }, async (c) => {
    const query = c.req.valid('query');
    const keys = await deps.accounts.listKeys({
      accountId: query.account_id,
      includeRevoked: query.include_revoked === 'true',
    });
    return c.json({ object: 'list' as const, data: keys.map(presentKey) }, 200);
  });

  app.openapi({ ...createApiKeyRoute, middleware: adminAuth }, async (c) => {
    const input = c.req.valid('json');
    const created = await deps.accounts.createKey({
      name: input.name,
      accountId: input.account_id,
      isAdmin: input.admin,
      source: 'api',
    });
    return c.json(
      { ...presentKey(created.info), key: created.key, account: presentAccount(created.account) },
      200,
    );
  });

  app.openapi({ ...revokeApiKeyRoute, middleware: adminAuth }, async (c) => {
    const id = c.req.valid('param').key_id;
    if (!(await deps.accounts.revokeKey(id))) {
      throw new ReelgateError({ code: 'not_found', message: `No active API key '${id}'.` });
    }
    return c.json({ id, object: 'api_key.revoked' as const, revoked: true as const }, 200);
  });
}
