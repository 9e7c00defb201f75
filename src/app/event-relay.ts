/**
 * Generation events across processes. Each process emits events on its own in-process bus; on a
 * PostgreSQL server this relay also publishes them with NOTIFY (payload: origin, event type,
 * generation id, account, time) and LISTENs for the other processes' events, reloads those
 * generations and re-emits them on the local bus. So an `--role api` process streams (SSE) what
 * separate worker processes do, and a worker sees cancels made through the API.
 *
 * Events are batched: everything emitted in one tick goes out in one `pg_notify` statement, and
 * everything received in one tick is reloaded with one query. Delivery is best effort (a dropped
 * LISTEN connection reconnects; events in the gap are not replayed): SSE clients get a snapshot on
 * connect, and nothing durable depends on events (webhook deliveries are enqueued by the process
 * where an event happened, see `localOnly`).
 *
 * @example
 * const relay = await startEventRelay({ databaseUrl, db, events, logger });
 * setupWebhooks({ db, events: relay.localOnly(events), ... });
 * await relay.close();
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { Generation, GenerationEvent, GenerationEventType } from '../core/generation.ts';
import type { Queryable } from '../db/db.ts';
import { normaliseRow, toGeneration } from '../db/queries/generation-row.ts';
import type { EventFilter, EventListener, GenerationEventBus } from '../worker/event-bus.ts';

export const eventChannel = 'reelgate_events';

/** NOTIFY payloads must stay under 8000 bytes. */
const maxPayloadBytes = 7_500;

interface RelayMessage {
  /** Origin process. */
  o: string;
  t: GenerationEventType;
  id: string;
  a: string;
  at: number;
  /** Deleted generations only (the row is gone): the generation itself, prompt shortened. */
  g?: Generation;
}

export interface RelayLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

export interface EventRelayOptions {
  databaseUrl: string;
  db: Queryable;
  events: GenerationEventBus;
  logger?: RelayLogger | undefined;
  /** Identifies this process in payloads (default host:pid:random). */
  processId?: string | undefined;
  channel?: string | undefined;
  /** Longest wait before reconnecting a dropped LISTEN connection (default 5 s). */
  maxReconnectDelayMs?: number | undefined;
  /**
   * Reload and re-emit other processes' events on the local bus (default true). A worker-only
   * process sets false: nobody streams there, it only needs `onRemote` to wake its loop.
   */
  reemit?: boolean | undefined;
  /**
   * Asked per notification: is anyone listening who needs the relayed event (an open SSE
   * stream)? When false the generation is not reloaded. Default: always.
   */
  reemitWhen?: (() => boolean) | undefined;
  /** Called for every event from another process, before any reload. */
  onRemote?: ((type: GenerationEventType, generationId: string) => void) | undefined;
}

export interface EventRelay {
  readonly processId: string;
  /** True while the LISTEN connection is up. */
  readonly listening: boolean;
  /** True for events this relay re-emitted from another process. */
  isRemote(event: GenerationEvent): boolean;
  /** A view of the bus with only this process's own events (for work that must happen once). */
  localOnly(events: GenerationEventBus): Pick<GenerationEventBus, 'subscribe'>;
  /** Resolves when everything emitted so far has been published (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startEventRelay(options: EventRelayOptions): Promise<EventRelay> {
  const channel = options.channel ?? eventChannel;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Bad channel name ${channel}`);
  const processId = options.processId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const { db, events, logger } = options;
  const remote = new WeakSet<GenerationEvent>();
  let closed = false;

  // Publishing: one pg_notify statement per tick.
  let outbox: string[] = [];
  let scheduled = false;
  const sending = new Set<Promise<void>>();
  const publish = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batch = outbox;
      outbox = [];
      if (batch.length === 0) return;
      const sent = db
        .query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [channel, batch])
        .then(
          () => undefined,
          (error: unknown) => {
            logger?.warn(
              { err: String(error), events: batch.length },
              'could not publish events to other processes',
            );
          },
        );
      sending.add(sent);
      void sent.finally(() => sending.delete(sent));
    });
  };
  const flush = async () => {
    while (scheduled || sending.size > 0) {
      if (scheduled) await new Promise<void>((resolve) => setImmediate(resolve));
      await Promise.all([...sending]);
    }
  };
  const unsubscribe = events.subscribe({}, (event) => {
    if (remote.has(event) || closed) return;
    outbox.push(encode(processId, event));
    publish();
  });

  // Receiving: reload the generations named in one tick's notifications with one query.
  let inbox: RelayMessage[] = [];
  let receiving: Promise<void> | undefined;
  const receive = () => {
    receiving ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const batch = inbox;
      inbox = [];
      receiving = undefined;
      const ids = [...new Set(batch.filter((message) => !message.g).map((message) => message.id))];
      const rows = new Map<string, Generation>();
      if (ids.length > 0) {
        try {
          const result = await db.query('SELECT * FROM generations WHERE id = ANY($1::text[])', [ids]);
          for (const raw of result.rows) {
            const generation = toGeneration(normaliseRow(raw));
            rows.set(generation.id, generation);
          }
        } catch (error) {
          logger?.warn({ err: String(error) }, 'could not reload relayed generations');
          return;
        }
      }
      for (const message of batch) {
        const generation = message.g ?? rows.get(message.id);
        if (!generation || closed) continue;
        const event: GenerationEvent = { type: message.t, generation, at: message.at };
        remote.add(event);
        events.emit(event);
      }
    });
    return receiving;
  };

  let client: pg.Client | undefined;
  let listening = false;
  let reconnectDelay = 200;
  let reconnectTimer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    next.on('notification', (notification) => {
      if (notification.channel !== channel || !notification.payload) return;
      const message = decode(notification.payload);
      if (!message || message.o === processId) return;
      options.onRemote?.(message.t, message.id);
      if (options.reemit === false || options.reemitWhen?.() === false) return;
      inbox.push(message);
      void receive();
    });
    const lost = (error?: unknown) => {
      if (client !== next) return;
      client = undefined;
      listening = false;
      next.removeAllListeners('notification');
      void next.end().catch(() => {});
      if (closed) return;
      logger?.warn(
        { err: error === undefined ? 'connection ended' : String(error) },
        'event relay disconnected',
      );
      reconnectTimer = setTimeout(() => {
        void connect().catch(() => undefined);
      }, reconnectDelay);
      reconnectTimer.unref?.();
      reconnectDelay = Math.min(options.maxReconnectDelayMs ?? 5_000, reconnectDelay * 2);
    };
    next.on('error', lost);
    next.on('end', () => lost());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (closed) {
        await next.end().catch(() => {});
        return;
      }
      listening = true;
      reconnectDelay = 200;
    } catch (error) {
      lost(error);
      throw error;
    }
  };
  await connect();

  return {
    processId,
    get listening() {
      return listening;
    },
    isRemote: (event) => remote.has(event),
    localOnly: (bus) => ({
      subscribe: (filter: EventFilter, listener: EventListener) =>
        bus.subscribe(filter, (event) => {
          if (!remote.has(event)) listener(event);
        }),
    }),
    flush,
    async close() {
      if (closed) return;
      unsubscribe();
      await flush();
      closed = true;
      clearTimeout(reconnectTimer);
      const current = client;
      client = undefined;
      listening = false;
      if (current) await current.end().catch(() => {});
    },
  };
}

function encode(origin: string, event: GenerationEvent): string {
  const message: RelayMessage = {
    o: origin,
    t: event.type,
    id: event.generation.id,
    a: event.generation.accountId,
    at: event.at,
  };
  if (event.type === 'generation:deleted') {
    const generation = { ...event.generation };
    let text = JSON.stringify({ ...message, g: generation });
    // Keep the payload under PostgreSQL's NOTIFY limit: shorten the prompt, then the warnings.
    if (Buffer.byteLength(text) > maxPayloadBytes) {
      generation.prompt = `${generation.prompt.slice(0, 1_000)}…`;
      generation.warnings = [];
      text = JSON.stringify({ ...message, g: generation });
    }
    if (Buffer.byteLength(text) <= maxPayloadBytes) return text;
  }
  return JSON.stringify(message);
}

function decode(payload: string): RelayMessage | undefined {
  try {
    const message = JSON.parse(payload) as RelayMessage;
    if (typeof message.o !== 'string' || typeof message.id !== 'string' || typeof message.t !== 'string')
      return undefined;
    return message;
  } catch {
    return undefined;
  }
}
