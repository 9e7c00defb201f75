/** Schemas of `/v1/webhooks`: apps' webhook endpoints and their deliveries. */
import { z } from 'zod';
import { named } from './named.ts';

/** The events an app can subscribe an endpoint to. */
export const webhookEventTypes = [
  'video.completed',
  'video.failed',
  'video.canceled',
  'video.progress',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookEventTypeSchema = z.enum(webhookEventTypes);

export const createWebhookEndpointSchema = named(
  'CreateWebhookEndpointBody',
  z.strictObject({
    url: z.string().min(1).max(2048),
    event_types: z.array(webhookEventTypeSchema).min(1).max(webhookEventTypes.length).optional(),
    description: z.string().max(500).optional(),
  }),
);

export const rotateWebhookSecretSchema = named(
  'RotateWebhookSecretBody',
  z.strictObject({
    expire_previous_in_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional()
      .describe('Seconds the previous secret keeps signing (0 = stop at once). At most 7 days.'),
  }),
);

export const webhookDeliveryListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  after: z.string().max(100).optional(),
});

export const webhookEndpointSchema = named(
  'WebhookEndpoint',
  z.looseObject({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(webhookEventTypeSchema),
    status: z.enum(['enabled', 'disabled']),
    disabled_reason: z.string().nullable(),
    created_at: z.int(),
    secret: z.string().optional().describe('The signing secret: only when created or rotated.'),
    previous_secret_expires_at: z
      .int()
      .nullable()
      .optional()
      .describe('After a rotation: when the previous secret stops signing (Unix seconds).'),
  }),
);

export const webhookEndpointListSchema = named(
  'WebhookEndpointList',
  z.looseObject({ object: z.literal('list'), data: z.array(webhookEndpointSchema), has_more: z.boolean() }),
);

export const deletedWebhookEndpointSchema = named(
  'DeletedWebhookEndpoint',
  z.looseObject({ id: z.string(), object: z.literal('webhook_endpoint'), deleted: z.literal(true) }),
);

export const webhookDeliverySchema = named(
  'WebhookDelivery',
  z.looseObject({
    id: z.string(),
    object: z.literal('webhook_delivery'),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    generation_id: z.string().nullable(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.int(),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: z.int().nullable(),
    delivered_at: z.int().nullable(),
    failed_at: z.int().nullable(),
    replay_of: z.string().nullable(),
    created_at: z.int(),
    payload: z.unknown().optional().describe('The body sent (one delivery only).'),
    attempt_history: z
      .array(
        z.looseObject({
          attempt: z.int(),
          started_at: z.int().nullable(),
          duration_ms: z.number().nullable(),
          status_code: z.int().nullable(),
          error: z.string().nullable(),
        }),
      )
      .optional()
      .describe('Every attempt (one delivery only).'),
  }),
);

export const webhookDeliveryListSchema = named(
  'WebhookDeliveryList',
  z.looseObject({
    object: z.literal('list'),
    data: z.array(webhookDeliverySchema),
    has_more: z.boolean(),
    last_id: z.string().nullable(),
  }),
);

export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
