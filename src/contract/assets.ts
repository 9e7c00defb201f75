/** Schemas of reusable assets (`/v1/assets`) and the `assets` field of creates. */
import { z } from 'zod';
import {
  assetKinds,
  maxAssetDescriptionChars,
  maxAssetNameChars,
  maxAssetsPerRequest,
} from '../core/assets.ts';
import { named } from './named.ts';
import { optionalField } from './common.ts';

export const assetIdSchema = z.string().regex(/^asset_[A-Za-z0-9]{1,64}$/, 'an asset id (asset_...)');

/** `assets` on creates: ids of the account's assets, sent as reference images. */
export const assetIdsField = optionalField(z.array(assetIdSchema).max(maxAssetsPerRequest)).describe(
  'Ids of your assets (`asset_...`) sent to the provider as reference images (characters, objects, styles). A model that takes no reference images makes the video from the prompt alone and says so in `warnings`.',
);

/** The same as multipart/form-data sends it: repeated fields, or one comma-separated text. */
export const assetIdsFormField = optionalField(
  z
    .union([z.array(z.string()), z.string()])
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(',')).map((id) => id.trim()).filter(Boolean),
    )
    .pipe(z.array(assetIdSchema).max(maxAssetsPerRequest)),
);

const assetFields = {
  kind: z.enum(assetKinds).describe('What the image shows: a character, an object or a style.'),
  name: z.string().min(1).max(maxAssetNameChars).describe('A short name shown in lists.'),
  description: optionalField(z.string().max(maxAssetDescriptionChars)).describe(
    'Optional notes (what the image is of, how to use it).',
  ),
};

export const assetCreateJsonSchema = named(
  'CreateAssetJsonBody',
  z.strictObject({
    ...assetFields,
    image_url: z
      .string()
      .min(1)
      .max(20_971_520)
      .describe('The image: an https URL reelgate downloads once, or a base64 data: URL.'),
  }),
);

export const assetCreateMultipartSchema = named(
  'CreateAssetMultipartBody',
  z.strictObject({
    ...assetFields,
    file: z.file().meta({ type: 'string', format: 'binary' }).describe('The image file (PNG, JPEG or WebP).'),
  }),
);

export const assetListQuerySchema = z.object({
  after: z.string().min(1).optional().describe('The last id of the previous page.'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1-100 (default 20).'),
  order: z.enum(['asc', 'desc']).optional(),
  kind: z.enum(assetKinds).optional(),
});

export const assetResourceSchema = named(
  'Asset',
  z.looseObject({
    object: z.literal('asset'),
    id: z.string(),
    kind: z.enum(assetKinds),
    name: z.string(),
    description: z.string().nullable(),
    content_type: z.string(),
    bytes: z.int(),
    width: z.int(),
    height: z.int(),
    sha256: z.string().describe('SHA-256 of the image bytes (what providers receive).'),
    created_at: z.int(),
  }),
);

export const assetListSchema = named(
  'AssetList',
  z.looseObject({
    object: z.literal('list'),
    data: z.array(assetResourceSchema),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
    has_more: z.boolean(),
  }),
);

export const deletedAssetSchema = named(
  'DeletedAsset',
  z.looseObject({ id: z.string(), object: z.literal('asset.deleted'), deleted: z.boolean() }),
);

export type AssetResource = z.infer<typeof assetResourceSchema>;
export type AssetList = z.infer<typeof assetListSchema>;
