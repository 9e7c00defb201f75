/**
 * The account's assets as every screen sees them: one list per API (loaded once, refreshed
 * after an upload or delete), and each image as a blob URL fetched with the API key (the image
 * route needs the Authorization header, which an <img src> cannot send).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Asset } from '../../../src/client/index.ts';
import type { StudioApi } from '../api/client.ts';

export type { Asset };

type State = { state: 'loading' } | { state: 'ready'; assets: Asset[] } | { state: 'error'; error: unknown };

class AssetStore {
  #state: State = { state: 'loading' };
  #listeners = new Set<() => void>();
  #images = new Map<string, Promise<string>>();
  #loading: Promise<void> | undefined;
  readonly api: StudioApi;

  constructor(api: StudioApi) {
    this.api = api;
  }

  get state(): State {
    return this.#state;
  }

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    if (!this.#loading && this.#state.state !== 'ready') void this.refresh();
    return () => this.#listeners.delete(listener);
  };

  refresh(): Promise<void> {
    this.#loading = (async () => {
      try {
        const assets: Asset[] = [];
        for await (const asset of this.api.client.assets.listAll()) assets.push(asset);
        this.#set({ state: 'ready', assets });
      } catch (error) {
        this.#set({ state: 'error', error });
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  async create(params: Parameters<StudioApi['client']['assets']['create']>[0]): Promise<Asset> {
    const asset = await this.api.client.assets.create(params);
    await this.refresh();
    return asset;
  }

  async remove(id: string): Promise<void> {
    await this.api.client.assets.delete(id);
    const url = this.#images.get(id);
    this.#images.delete(id);
    if (url)
      void url.then(
        (value) => URL.revokeObjectURL(value),
        () => undefined,
      );
    await this.refresh();
  }

  image(id: string): Promise<string> {
    let url = this.#images.get(id);
    if (!url) {
      url = this.api.client.assets
        .content(id)
        .then(({ data, contentType }) =>
          URL.createObjectURL(new Blob([new Uint8Array(data)], { type: contentType })),
        );
      // A failed load is tried again next time.
      url.catch(() => this.#images.delete(id));
      this.#images.set(id, url);
    }
    return url;
  }

  #set(state: State) {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}

const stores = new WeakMap<StudioApi, AssetStore>();

export function assetStore(api: StudioApi): AssetStore {
  let store = stores.get(api);
  if (!store) {
    store = new AssetStore(api);
    stores.set(api, store);
  }
  return store;
}

/** The account's assets (newest first) and the store to change them. */
export function useAssets(api: StudioApi): { store: AssetStore; state: State } {
  const store = assetStore(api);
  const state = useSyncExternalStore(store.subscribe, () => store.state);
  return { store, state };
}

/** A blob URL of the asset's image, once loaded. */
export function useAssetImage(api: StudioApi, id: string): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    assetStore(api)
      .image(id)
      .then(
        (value) => !cancelled && setUrl(value),
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, [api, id]);
  return url;
}

export const assetKinds = [
  { value: 'character', label: 'Character' },
  { value: 'object', label: 'Object' },
  { value: 'style', label: 'Style' },
] as const;
