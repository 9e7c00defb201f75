/**
 * `client.assets`: reusable reference images (characters, objects, styles) uploaded once and
 * named by id in creates (`assets: [id]`) and storyboard shots.
 *
 * @example
 * const mira = await client.assets.create({ kind: 'character', name: 'Mira', file: await readFile('mira.png') });
 * await client.createStoryboard({ shots: [{ prompt: 'Mira at the door', duration: 4, assets: [mira.id] }] });
 */
import type { Asset, AssetKind, AssetPage, CreateAssetParams, ListAssetsParams } from './types.ts';

/** The client's transport, as the asset methods use it. */
export interface AssetTransport {
  json<T>(
    method: string,
    path: string,
    options: { body?: unknown; form?: FormData; signal?: AbortSignal | undefined; retry?: boolean },
  ): Promise<T>;
  raw(method: string, path: string, options: { signal?: AbortSignal | undefined }): Promise<Response>;
}

export class AssetsApi {
  readonly #transport: AssetTransport;

  constructor(transport: AssetTransport) {
    this.#transport = transport;
  }

  /**
   * Uploads an image (bytes or a `Blob`) or has reelgate fetch one (`imageUrl`: https or a
   * base64 `data:` URL). PNG, JPEG or WebP up to 10 MiB.
   */
  create(params: CreateAssetParams, options: { signal?: AbortSignal } = {}): Promise<Asset> {
    if (params.file !== undefined) {
      const form = new FormData();
      form.set('kind', params.kind);
      form.set('name', params.name);
      if (params.description !== undefined) form.set('description', params.description);
      const file =
        params.file instanceof Blob
          ? params.file
          : new Blob([new Uint8Array(params.file)], { type: 'application/octet-stream' });
      form.set('file', file, params.fileName ?? 'image');
      return this.#transport.json<Asset>('POST', '/v1/assets', { form, signal: options.signal });
    }
    if (params.imageUrl === undefined) throw new TypeError('assets.create needs file or imageUrl');
    const body: Record<string, unknown> = {
      kind: params.kind,
      name: params.name,
      image_url: params.imageUrl,
    };
    if (params.description !== undefined) body.description = params.description;
    return this.#transport.json<Asset>('POST', '/v1/assets', { body, signal: options.signal });
  }

  /** One page, newest first by default. @example const { data } = await client.assets.list({ kind: 'character' }); */
  async list(params: ListAssetsParams = {}, options: { signal?: AbortSignal } = {}): Promise<AssetPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    const suffix = query.size > 0 ? `?${query}` : '';
    const page = await this.#transport.json<{
      data: Asset[];
      has_more: boolean;
      first_id: string | null;
      last_id: string | null;
    }>('GET', `/v1/assets${suffix}`, { signal: options.signal });
    return { data: page.data, hasMore: page.has_more, firstId: page.first_id, lastId: page.last_id };
  }

  /** Every asset (optionally of one kind), page by page. */
  async *listAll(params: { kind?: AssetKind } = {}): AsyncGenerator<Asset> {
    let after: string | undefined;
    for (;;) {
      const page = await this.list({ ...params, limit: 100, ...(after ? { after } : {}) });
      yield* page.data;
      if (!page.hasMore || !page.lastId) return;
      after = page.lastId;
    }
  }

  get(id: string, options: { signal?: AbortSignal } = {}): Promise<Asset> {
    return this.#transport.json<Asset>('GET', `/v1/assets/${encodeURIComponent(id)}`, {
      signal: options.signal,
    });
  }

  /** The image bytes and their media type. */
  async content(
    id: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ data: Uint8Array; contentType: string }> {
    const response = await this.#transport.raw(
      'GET',
      `/v1/assets/${encodeURIComponent(id)}/content`,
      options,
    );
    return {
      data: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  /** Deletes an asset (videos already made with it keep their copy). */
  async delete(id: string): Promise<void> {
    await this.#transport.json('DELETE', `/v1/assets/${encodeURIComponent(id)}`, {});
  }
}
