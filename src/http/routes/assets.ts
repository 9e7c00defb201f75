/**
 * Reusable assets: `POST /v1/assets` (multipart upload or JSON with an https/data: URL),
 * `GET /v1/assets`, `GET /v1/assets/{id}`, `GET /v1/assets/{id}/content`, `DELETE /v1/assets/{id}`,
 * per account, behind the gateway's bearer auth. Creates use them by id (`assets`).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  assetCreateJsonSchema,
  assetCreateMultipartSchema,
  assetListQuerySchema,
  assetListSchema,
  assetResourceSchema,
  deletedAssetSchema,
} from '../../contract/assets.ts';
import { presentAsset } from '../../contract/presenters/asset.ts';
import type { AssetImageInput, AssetService } from '../../core/assets.ts';
import { notFound } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { imageFromUrl } from '../image-input.ts';
import { jsonResponse } from '../openapi/responses.ts';

const tags = ['Assets'];
const params = z.object({ id: z.string().describe('The asset id.') });

export const createAssetRoute = createRoute({
  method: 'post',
  path: '/v1/assets',
  operationId: 'createAsset',
  summary: 'Upload a reusable reference image (character, object or style)',
  description:
    'multipart/form-data with `file`, or JSON with `image_url` (https, downloaded once through the outbound guard, or a base64 data: URL). PNG, JPEG or WebP up to 10 MiB. The name and description pass the pre-flight content policy.',
  tags,
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: assetCreateJsonSchema },
        'multipart/form-data': { schema: assetCreateMultipartSchema },
      },
    },
  },
  responses: { 200: jsonResponse(assetResourceSchema, 'The stored asset.') },
});

export const listAssetsRoute = createRoute({
  method: 'get',
  path: '/v1/assets',
  operationId: 'listAssets',
  summary: "List the account's assets (cursor pagination, newest first by default)",
  tags,
  request: { query: assetListQuerySchema },
  responses: { 200: jsonResponse(assetListSchema, 'One page.') },
});

export const getAssetRoute = createRoute({
  method: 'get',
  path: '/v1/assets/{id}',
  operationId: 'getAsset',
  summary: 'Retrieve an asset',
  tags,
  request: { params },
  responses: { 200: jsonResponse(assetResourceSchema, 'The asset.') },
});

export const assetContentRoute = createRoute({
  method: 'get',
  path: '/v1/assets/{id}/content',
  operationId: 'getAssetContent',
  summary: "Download an asset's image",
  tags,
  request: { params },
  responses: {
    200: {
      description: 'The image.',
      content: {
        'image/png': { schema: z.string().meta({ format: 'binary' }) },
        'image/jpeg': { schema: z.string().meta({ format: 'binary' }) },
        'image/webp': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
  },
});

export const deleteAssetRoute = createRoute({
  method: 'delete',
  path: '/v1/assets/{id}',
  operationId: 'deleteAsset',
  summary: 'Delete an asset (generations made with it keep their copy)',
  tags,
  request: { params },
  responses: { 200: jsonResponse(deletedAssetSchema, 'Deleted.') },
});

export function registerAssetRoutes(app: GatewayApp, context: RouteContext, assets: AssetService): void {
  const middleware = context.auth;

  app.openapi({ ...createAssetRoute, middleware }, async (c) => {
    const input = c.req.valid('json') as
      | z.infer<typeof assetCreateJsonSchema>
      | z.infer<typeof assetCreateMultipartSchema>;
    let image: AssetImageInput;
    let imageParam: string;
    if ('file' in input) {
      imageParam = 'file';
      image = { data: new Uint8Array(await input.file.arrayBuffer()), mediaType: input.file.type };
    } else {
      imageParam = 'image_url';
      // data: URLs are decoded and checked here; http(s) ones are downloaded by the service.
      image = imageFromUrl(input.image_url, imageParam) as AssetImageInput;
    }
    const asset = await assets.create(c.get('account').id, {
      kind: input.kind,
      name: input.name,
      description: input.description,
      image,
      imageParam,
    });
    return c.json(presentAsset(asset), 200);
  });

  app.openapi({ ...listAssetsRoute, middleware }, async (c) => {
    const query = c.req.valid('query');
    const page = await assets.list(c.get('account').id, {
      after: query.after,
      limit: query.limit ?? 20,
      order: query.order ?? 'desc',
      kind: query.kind,
    });
    return c.json(
      {
        object: 'list' as const,
        data: page.data.map(presentAsset),
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
        has_more: page.hasMore,
      },
      200,
    );
  });

  app.openapi({ ...getAssetRoute, middleware }, async (c) => {
    const asset = await assets.get(c.get('account').id, c.req.valid('param').id);
    if (!asset) throw notFound('asset');
    return c.json(presentAsset(asset), 200);
  });

  app.openapi({ ...assetContentRoute, middleware }, async (c) => {
    const image = await assets.openImage(c.get('account').id, c.req.valid('param').id);
    return new Response(image.body, {
      status: 200,
      headers: {
        'content-type': image.contentType,
        'content-length': String(image.bytes),
        'cache-control': 'private, max-age=3600',
      },
    });
  });

  app.openapi({ ...deleteAssetRoute, middleware }, async (c) => {
    const id = c.req.valid('param').id;
    if (!(await assets.delete(c.get('account').id, id))) throw notFound('asset');
    return c.json({ id, object: 'asset.deleted' as const, deleted: true }, 200);
  });
}
