/** Schemas of the caller's account, local sign-in and the admin key management. */
import { z } from 'zod';
import { named } from './named.ts';

export const accountSchema = named(
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

export const apiKeySchema = named(
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
  }),
);

export const createdApiKeySchema = named(
  'CreatedApiKey',
  apiKeySchema.extend({
    key: z.string().describe('The key itself: only in this answer, shown once.'),
    account: accountSchema,
  }),
);

export const apiKeyListSchema = named(
  'ApiKeyList',
  z.looseObject({ object: z.literal('list'), data: z.array(apiKeySchema) }),
);

export const revokedApiKeySchema = named(
  'RevokedApiKey',
  z.looseObject({ id: z.string(), object: z.literal('api_key.revoked'), revoked: z.literal(true) }),
);

export const createApiKeyBodySchema = named(
  'CreateApiKeyBody',
  z.strictObject({
    name: z.string().min(1).max(200).optional(),
    account_id: z.string().min(1).optional().describe('Add the key to this account; default: a new account.'),
    admin: z.boolean().optional().describe('Make the new account an admin account.'),
  }),
);

export const listApiKeysQuerySchema = z.object({
  account_id: z.string().min(1).optional(),
  include_revoked: z.enum(['true', 'false']).optional(),
});

export const localSessionSchema = named(
  'LocalSession',
  z.object({ api_key: z.string().nullable(), local: z.boolean() }).describe('The local user key, or null.'),
);

export type AccountResource = z.infer<typeof accountSchema>;
export type ApiKeyResource = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
export type LocalSession = z.infer<typeof localSessionSchema>;
