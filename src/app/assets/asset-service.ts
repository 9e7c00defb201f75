/**
 * Reusable reference images per account: checked (pre-flight policy on the name and
 * description, the outbound guard on URLs, media type, size and readability of the bytes),
 * stored through the storage adapter like videos, listed, read and deleted.
 *
 * @example
 * const assets = new EngineAssetService(deps, { admission: creator.admissionPolicy, fetchImage });
 * await assets.create('acct_1', { kind: 'character', name: 'Mira', image: { data }, imageParam: 'file' });
 */
import { randomBytes } from 'node:crypto';
import {
  type Asset,
  type AssetPage,
  type AssetService,
  assetMediaTypes,
  type CreateAssetInput,
  maxAssetBytes,
  maxAssetDescriptionChars,
  maxAssetNameChars,
} from '../../core/assets.ts';
import { invalidRequest, notFound, ReelgateError } from '../../core/errors.ts';
import { deleteAsset, getAsset, insertAsset, listAssets } from '../../db/queries/assets.ts';
import { isCompleteImage, probeImage } from '../../media/image-probe.ts';
import type { EngineDeps } from '../../worker/engine-deps.ts';
import { type AdmissionPolicy, admitPrompts } from '../../worker/creation/admit.ts';

/** Downloads an asset URL through the outbound guard; refusals are 400s naming `param`. */
export type AssetImageFetch = (
  url: string,
  param: string,
) => Promise<{ data: Uint8Array; mediaType?: string }>;

export interface AssetServiceOptions {
  admission: AdmissionPolicy;
  fetchImage?: AssetImageFetch | undefined;
  newId?: (() => string) | undefined;
}

export class EngineAssetService implements AssetService {
  readonly #deps: EngineDeps;
  readonly #options: AssetServiceOptions;

  constructor(deps: EngineDeps, options: AssetServiceOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  async create(accountId: string, input: CreateAssetInput): Promise<Asset> {
    const deps = this.#deps;
    const name = input.name.trim();
    if (!name || name.length > maxAssetNameChars) {
      throw invalidRequest(`name must be 1 to ${maxAssetNameChars} characters.`, 'name');
    }
    const description = input.description?.trim() || null;
    if (description && description.length > maxAssetDescriptionChars) {
      throw invalidRequest(
        `description is longer than ${maxAssetDescriptionChars} characters.`,
        'description',
      );
    }
    // The name and description travel with the asset into prompts and the studio: same policy.
    await admitPrompts(
      deps.db,
      accountId,
      [
        { prompt: name, param: 'name' },
        ...(description ? [{ prompt: description, param: 'description' }] : []),
      ],
      this.#options.admission,
    );
    const bytes = await this.#bytesOf(input);
    const image = checkedImage(bytes, input.imageParam);
    const id = this.#options.newId?.() ?? `asset_${randomBytes(12).toString('hex')}`;
    const key = `assets/${id}/image.${image.format === 'jpeg' ? 'jpg' : image.format}`;
    const put = await deps.storage.put(key, oneChunk(bytes), {
      contentType: image.mimeType,
      expectedBytes: bytes.byteLength,
    });
    try {
      return await insertAsset(deps.db, {
        id,
        accountId,
        kind: input.kind,
        name,
        description,
        key,
        mediaType: image.mimeType,
        bytes: put.bytes,
        sha256: put.sha256,
        width: image.width,
        height: image.height,
        createdAt: deps.clock.now(),
      });
    } catch (error) {
      await deps.storage.delete(key).catch((cleanup) => {
        deps.logger.warn({ err: String(cleanup), key }, 'could not remove the image of an unsaved asset');
      });
      throw error;
    }
  }

  get(accountId: string, id: string): Promise<Asset | undefined> {
    return getAsset(this.#deps.db, accountId, id);
  }

  async list(accountId: string, query: Parameters<AssetService['list']>[1]): Promise<AssetPage> {
    const page = await listAssets(this.#deps.db, accountId, query);
    return { data: page.rows, hasMore: page.hasMore };
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const deleted = await deleteAsset(this.#deps.db, accountId, id);
    if (!deleted) return false;
    // Generations keep their own copy of the image, so the asset's file can go now.
    await this.#deps.storage.delete(deleted.key).catch((error) => {
      this.#deps.logger.warn(
        { err: String(error), key: deleted.key },
        'could not remove a deleted asset image',
      );
    });
    return true;
  }

  async openImage(accountId: string, id: string) {
    const asset = await getAsset(this.#deps.db, accountId, id);
    if (!asset) throw notFound('asset');
    return {
      body: await this.#deps.storage.get(asset.key),
      bytes: asset.bytes,
      contentType: asset.mediaType,
    };
  }

  async #bytesOf(input: CreateAssetInput): Promise<Uint8Array> {
    if ('data' in input.image) return input.image.data;
    if (!this.#options.fetchImage) {
      throw invalidRequest(
        `Invalid '${input.imageParam}': image URLs are not accepted here; upload the file.`,
        input.imageParam,
      );
    }
    return (await this.#options.fetchImage(input.image.url, input.imageParam)).data;
  }
}

/** A complete PNG, JPEG or WebP within the size limit, else a 4xx naming `param`. */
export function checkedImage(bytes: Uint8Array, param: string) {
  if (bytes.byteLength === 0) throw invalidRequest(`Invalid '${param}': the image is empty.`, param);
  if (bytes.byteLength > maxAssetBytes) {
    throw new ReelgateError({
      code: 'payload_too_large',
      message: `Invalid '${param}': the image is ${bytes.byteLength} bytes; assets may be at most ${maxAssetBytes} bytes.`,
      param,
      details: { maxBytes: maxAssetBytes },
    });
  }
  const info = probeImage(bytes);
  if (!info || !assetMediaTypes.includes(info.mimeType)) {
    throw new ReelgateError({
      code: 'unsupported_media_type',
      message: `Invalid '${param}': assets must be PNG, JPEG or WebP images.`,
      param,
      details: { accepted: assetMediaTypes },
    });
  }
  if (!isCompleteImage(bytes, info.format)) {
    throw invalidRequest(`Invalid '${param}': the image is cut off; send the whole file.`, param);
  }
  return info;
}

async function* oneChunk(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}
