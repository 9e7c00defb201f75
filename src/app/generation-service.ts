/**
 * The engine's face to the HTTP API, CLI and studio (`GenerationService` from
 * src/core/generation.ts). Account scoping is enforced in every query: another account's id
 * reads exactly like an unknown one (404, never 403).
 */
import { randomBytes } from 'node:crypto';
import type { CatalogRegistry } from '../core/catalog/registry.ts';
import { invalidRequest, notFound, ReelgateError } from '../core/errors.ts';
import type {
  CreateGenerationInput,
  Generation,
  GenerationEvent,
  GenerationPage,
  GenerationService,
  ListGenerationsQuery,
  OpenedFile,
  VideoVariant,
} from '../core/generation.ts';
import { mapRequest } from '../core/request-mapping.ts';
import { activeStates, isFinalState } from '../core/state-machine.ts';
import { deleteGeneration } from '../db/queries/delete-generation.ts';
import { getGeneration } from '../db/queries/get-generation.ts';
import { type GenerationRow, toGeneration } from '../db/queries/generation-row.ts';
import { insertGeneration } from '../db/queries/insert-generation.ts';
import { listGenerations } from '../db/queries/list-generations.ts';
import { updateByService } from '../db/queries/update-generation.ts';
import { generationFileKey } from '../storage/keys.ts';
import type { EngineDeps } from '../worker/engine-deps.ts';
import { deadlineFor, typicalMs } from '../worker/step-context.ts';
import { nextKey } from '../worker/steps/status.ts';

export const maxPromptLength = 32_000;

export interface ServiceOptions {
  /** Wakes the local worker when new work exists. */
  wake?: () => void;
  /** Makes new generation ids (default `video_` + 32 random hex digits). */
  newId?: () => string;
  /** Refuses `image_url` inputs the outbound guard would refuse (400 before anything connects). */
  checkImageUrl?: (url: string, param: string) => Promise<void>;
  /** Presigned delivery: a direct URL for a storage key (undefined: serve through the gateway). */
  presign?: (key: string) => Promise<string | undefined>;
}

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/webp']);

export class EngineGenerationService implements GenerationService {
  readonly #deps: EngineDeps;
  readonly #wake: () => void;
  readonly #newId: () => string;
  readonly #checkImageUrl: ((url: string, param: string) => Promise<void>) | undefined;
  readonly #presign: ((key: string) => Promise<string | undefined>) | undefined;

  constructor(deps: EngineDeps, options: ServiceOptions = {}) {
    this.#deps = deps;
    this.#wake = options.wake ?? (() => {});
    this.#newId = options.newId ?? (() => `video_${randomBytes(16).toString('hex')}`);
    this.#checkImageUrl = options.checkImageUrl;
    this.#presign = options.presign;
  }

  get catalog(): CatalogRegistry {
    return this.#deps.catalog;
  }

  async create(accountId: string, input: CreateGenerationInput): Promise<Generation> {
    const deps = this.#deps;
    const prompt = typeof input.prompt === 'string' ? input.prompt.trim() : '';
    if (!prompt) throw invalidRequest('prompt must be a non-empty string.', 'prompt');
    if (prompt.length > maxPromptLength) {
      throw invalidRequest(`prompt is longer than ${maxPromptLength} characters.`, 'prompt', {
        maxLength: maxPromptLength,
      });
    }
    let parent: GenerationRow | undefined;
    if (input.parentId) {
      parent = await getGeneration(deps.db, accountId, input.parentId);
      if (!parent) throw notFound('video');
      if (parent.state !== 'completed') {
        throw invalidRequest(
          `Video '${input.parentId}' is not completed; only completed videos can be remixed.`,
          'video_id',
        );
      }
    }
    const entry = parent ? deps.catalog.resolve(parent.model) : deps.catalog.resolve(input.model);
    const provider = deps.providers.get(entry.provider);
    if (!provider) {
      const available = deps.catalog.forProviders(new Set(deps.providers.keys())).map((item) => item.modelId);
      throw invalidRequest(
        `Model '${entry.modelId}' is not available here (provider ${entry.provider} is not configured). Available: ${available.join(', ')}.`,
        'model',
        { models: available },
      );
    }
    const mapped = parent
      ? mapRequest(entry, { size: parent.size, durationSeconds: parent.duration_seconds })
      : mapRequest(entry, {
          resolution: input.resolution,
          size: input.size,
          durationSeconds: input.durationSeconds,
        });
    if (input.image && !entry.imageToVideo) {
      throw invalidRequest(`${entry.modelId} does not accept a reference image.`, 'input_reference');
    }
    if (input.image && 'url' in input.image && this.#checkImageUrl) {
      const param = input.surface === 'videos' ? 'input_reference.image_url' : 'image_url';
      await this.#checkImageUrl(input.image.url, param);
    }
    const id = this.#newId();
    const inputs: Record<string, unknown> = {};
    if (input.image) inputs.reference = await this.#storeReference(id, input.image);
    if (parent) {
      const remix = provider.remixOptions?.(parent.operation as never);
      if (!remix) throw invalidRequest(`${entry.modelId} cannot remix videos.`, 'video_id');
      inputs.providerOptions = remix;
    }
    const now = deps.clock.now();
    const typical = typicalMs(deps, entry.id, mapped.size.size, mapped.durationSeconds, provider);
    const row = await insertGeneration(deps.db, {
      id,
      account_id: accountId,
      state: 'accepted',
      provider: entry.provider,
      model: entry.id,
      model_id: entry.modelId,
      prompt,
      requested: {
        model: input.model ?? null,
        resolution: input.resolution ?? null,
        size: input.size ?? null,
        durationSeconds: input.durationSeconds ?? null,
        surface: input.surface,
      },
      size: mapped.size.size,
      resolution: mapped.size.resolution,
      duration_seconds: mapped.durationSeconds,
      inputs,
      warnings: [...routeWarnings(deps.catalog, parent ? null : input.model), ...mapped.warnings],
      emulated: provider.emulated,
      parent_id: parent?.id ?? null,
      idempotency_key: nextKey(id, 1),
      next_check_at: now,
      expected_total_ms: Math.round(typical),
      eta_at: Math.round(now + typical),
      cost_usd: null,
      created_at: now,
      updated_at: now,
      deadline_at: deadlineFor(deps, now, typical, provider, entry.id),
    });
    const generation = toGeneration(row);
    deps.metrics.created.inc({ model: row.model });
    deps.logger.info(
      { generationId: id, model: row.model, size: row.size, seconds: row.duration_seconds },
      'generation accepted',
    );
    deps.events.emit({ type: 'generation:accepted', generation, at: now });
    this.#wake();
    return generation;
  }

  async #storeReference(
    id: string,
    image: NonNullable<CreateGenerationInput['image']>,
  ): Promise<{ key?: string; url?: string; mediaType?: string }> {
    if ('url' in image) {
      let parsed: URL;
      try {
        parsed = new URL(image.url);
      } catch {
        throw invalidRequest('input_reference.image_url is not a valid URL.', 'input_reference');
      }
      if (!['https:', 'http:', 'data:'].includes(parsed.protocol)) {
        throw invalidRequest('input_reference.image_url must be an http(s) or data URL.', 'input_reference');
      }
      return { url: image.url };
    }
    const mediaType = image.mediaType.toLowerCase();
    if (!imageTypes.has(mediaType)) {
      throw new ReelgateError({
        code: 'unsupported_media_type',
        message: `Reference images must be PNG, JPEG or WebP (got ${image.mediaType}).`,
        param: 'input_reference',
      });
    }
    const key = `generations/${id}/reference.${mediaType.split('/')[1] === 'jpeg' ? 'jpg' : mediaType.split('/')[1]}`;
    await this.#deps.storage.put(key, oneChunk(image.data), {
      contentType: mediaType,
      expectedBytes: image.data.byteLength,
    });
    return { key, mediaType };
  }

  async get(accountId: string, id: string): Promise<Generation | undefined> {
    const row = await getGeneration(this.#deps.db, accountId, id);
    return row ? toGeneration(row) : undefined;
  }

  async list(accountId: string, query: ListGenerationsQuery): Promise<GenerationPage> {
    const limit = Math.min(100, Math.max(1, Math.floor(query.limit ?? 20)));
    let model = query.model;
    if (model) model = this.#deps.catalog.find(model)?.id ?? model;
    const page = await listGenerations(this.#deps.db, accountId, {
      after: query.after,
      limit,
      order: query.order ?? 'desc',
      status: query.status,
      model,
    });
    return { data: page.rows.map(toGeneration), hasMore: page.hasMore };
  }

  async cancel(accountId: string, id: string): Promise<Generation> {
    const deps = this.#deps;
    const row = await updateByService(
      deps.db,
      { id, accountId, fromStates: activeStates, actor: 'service:cancel' },
      {
        state: 'canceled',
        error_code: 'canceled',
        error_message: 'The generation was canceled.',
        error_retryable: false,
        next_check_at: null,
        eta_at: null,
        queue_position: null,
      },
      deps.clock.now(),
    );
    if (!row) {
      const current = await getGeneration(deps.db, accountId, id);
      if (!current) throw notFound('video');
      return toGeneration(current); // already final: cancel is a no-op
    }
    await this.#cancelAtProvider(row);
    const generation = toGeneration(row);
    deps.metrics.finished.inc({ state: 'canceled', code: 'canceled', model: row.model });
    deps.events.emit({ type: 'generation:canceled', generation, at: deps.clock.now() });
    return generation;
  }

  async #cancelAtProvider(row: GenerationRow): Promise<void> {
    const provider = this.#deps.providers.get(row.provider);
    if (!provider?.cancel || row.operation === null || row.operation === undefined) return;
    await provider.cancel(row.operation as never).catch((error: unknown) => {
      this.#deps.logger.warn({ generationId: row.id, err: String(error) }, 'provider cancel failed');
    });
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const deps = this.#deps;
    const row = await deleteGeneration(deps.db, accountId, id);
    if (!row) return false;
    if (!isFinalState(row.state)) await this.#cancelAtProvider(row);
    const reference = (row.inputs.reference as { key?: string } | undefined)?.key;
    for (const key of [row.video_key, row.thumbnail_key, row.spritesheet_key, reference]) {
      if (key) await deps.storage.delete(key).catch(() => {});
    }
    // A copy may have been written under the derived key while the row was mid-step.
    await deps.storage.delete(generationFileKey(row.id, 'video')).catch(() => {});
    deps.events.emit({ type: 'generation:deleted', generation: toGeneration(row), at: deps.clock.now() });
    return true;
  }

  async openFile(
    accountId: string,
    id: string,
    variant: VideoVariant,
    range?: { start: number; end?: number },
  ): Promise<OpenedFile> {
    const row = await getGeneration(this.#deps.db, accountId, id);
    if (!row) throw notFound('video');
    if (row.state !== 'completed') {
      throw new ReelgateError({
        code: 'conflict',
        message: `Video '${id}' is not ready (status ${toGeneration(row).status}).`,
        param: 'video_id',
      });
    }
    const file = {
      video: [row.video_key, row.video_bytes, row.video_content_type],
      thumbnail: [row.thumbnail_key, row.thumbnail_bytes, row.thumbnail_content_type],
      spritesheet: [row.spritesheet_key, row.spritesheet_bytes, row.spritesheet_content_type],
    }[variant] as [string | null, number | null, string | null];
    const [key, bytes, contentType] = file;
    if (!key || bytes === null)
      throw new ReelgateError({ code: 'not_found', message: `Video '${id}' has no ${variant}.` });
    if (range) {
      const end = Math.min(range.end ?? bytes - 1, bytes - 1);
      if (range.start < 0 || range.start >= bytes || end < range.start) {
        throw new ReelgateError({
          code: 'invalid_request',
          status: 416,
          message: `Range ${range.start}-${range.end ?? ''} is outside the file (${bytes} bytes).`,
          param: 'range',
          details: { bytes },
        });
      }
      const body = await this.#deps.storage.get(key, { start: range.start, end });
      return {
        body,
        bytes,
        contentType: contentType ?? 'application/octet-stream',
        range: { start: range.start, end },
      };
    }
    const body = await this.#deps.storage.get(key);
    return { body, bytes, contentType: contentType ?? 'application/octet-stream' };
  }

  async fileUrl(accountId: string, id: string, variant: VideoVariant): Promise<string | undefined> {
    if (!this.#presign) return undefined;
    const row = await getGeneration(this.#deps.db, accountId, id);
    if (row?.state !== 'completed') return undefined;
    const key = { video: row.video_key, thumbnail: row.thumbnail_key, spritesheet: row.spritesheet_key }[
      variant
    ];
    return key ? this.#presign(key) : undefined;
  }

  subscribe(
    filter: { accountId: string; generationId?: string },
    listener: (event: GenerationEvent) => void,
  ): () => void {
    return this.#deps.events.subscribe(filter, listener);
  }
}

async function* oneChunk(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}

/** The routed catalog's note when a retired model name (sora-2...) was sent elsewhere. */
function routeWarnings(catalog: CatalogRegistry, model: string | null | undefined): string[] {
  const router = catalog as CatalogRegistry & {
    route?: (name: string | null | undefined) => { warnings: string[] };
  };
  return model && typeof router.route === 'function' ? router.route(model).warnings : [];
}
