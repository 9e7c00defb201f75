/**
 * The engine's face to the HTTP API, CLI and studio (`GenerationService` from
 * src/core/generation.ts). Creating is the creator's job (src/app/creation); this reads, lists,
 * cancels, deletes and serves files. Account scoping is enforced in every query: another
 * account's id reads exactly like an unknown one (404, never 403). A segmented video's segments
 * are canceled and deleted with it.
 */
import { ownedAssetKeys } from '../core/assets.ts';
import { notFound, ReelgateError } from '../core/errors.ts';
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
import { activeStates, isFinalState } from '../core/state-machine.ts';
import { deleteGeneration } from '../db/queries/delete-generation.ts';
import { getGeneration } from '../db/queries/get-generation.ts';
import { type GenerationRow, toGeneration } from '../db/queries/generation-row.ts';
import { listGenerations } from '../db/queries/list-generations.ts';
import { listSegmentRows } from '../db/queries/segments.ts';
import { updateByService } from '../db/queries/update-generation.ts';
import { generationFileKey } from '../storage/keys.ts';
import type { EngineDeps } from '../worker/engine-deps.ts';
import { cancelSegments } from '../worker/segments/children.ts';
import type { GenerationCreator } from './creation/generation-creator.ts';

export { maxPromptLength } from './creation/generation-creator.ts';

export interface ServiceOptions {
  /** Presigned delivery: a direct URL for a storage key (undefined: serve through the gateway). */
  presign?: ((key: string) => Promise<string | undefined>) | undefined;
}

export class EngineGenerationService implements GenerationService {
  readonly #deps: EngineDeps;
  readonly #creator: GenerationCreator;
  readonly #presign: ((key: string) => Promise<string | undefined>) | undefined;

  constructor(deps: EngineDeps, creator: GenerationCreator, options: ServiceOptions = {}) {
    this.#deps = deps;
    this.#creator = creator;
    this.#presign = options.presign;
  }

  create(accountId: string, input: CreateGenerationInput): Promise<Generation> {
    return this.#creator.create(accountId, input);
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
    if (row.plan) await cancelSegments(deps, await listSegmentRows(deps.db, id), 'The video was canceled.');
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
    const existing = await getGeneration(this.#deps.db, accountId, id);
    const segments = existing?.plan ? await listSegmentRows(this.#deps.db, id) : [];
    const deleted = await this.#deleteOne(accountId, id);
    if (deleted) for (const row of segments) await this.#deleteOne(row.account_id, row.id).catch(() => false);
    return deleted;
  }

  /** Deletes one row and its files; its spend stays in the ledger. */
  async #deleteOne(accountId: string, id: string): Promise<boolean> {
    const deps = this.#deps;
    const row = await deleteGeneration(deps.db, accountId, id);
    if (!row) return false;
    if (!isFinalState(row.state)) await this.#cancelAtProvider(row);
    // A segment's shared reference is its parent's file, deleted with the parent.
    const reference = row.inputs.sharedReference ? undefined : row.inputs.reference?.key;
    // An extension's source clip, when it was cut for this row (else it is the previous segment's video).
    const source = row.inputs.sourceVideo?.key?.startsWith(`generations/${row.id}/`)
      ? row.inputs.sourceVideo.key
      : undefined;
    for (const key of [
      row.video_key,
      row.thumbnail_key,
      row.spritesheet_key,
      reference,
      source,
      ...ownedAssetKeys(row.inputs),
    ]) {
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
