/**
 * Server-Sent-Event streams: one generation (`/v1/generations/{id}/events`, closes after the
 * generation finishes) or a whole account (`/v1/events`). Each starts with a `snapshot` event.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { generationEventSchema } from '../../contract/generations.ts';
import { presentGeneration } from '../../contract/presenters/generation.ts';
import { notFound } from '../../core/errors.ts';
import { finalStates, type GenerationEvent, type GenerationEventType } from '../../core/generation.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';

const finalEvents: ReadonlySet<GenerationEventType> = new Set([
  'generation:completed',
  'generation:failed',
  'generation:canceled',
  'generation:expired',
  'generation:deleted',
]);

interface StreamOptions {
  accountId: string;
  generationId?: string;
  /** The first event's data; `done` ends the stream right after it (a finished generation). */
  snapshot: () => Promise<{ data: unknown; done: boolean }>;
  closeOnFinal: boolean;
}

function eventStream(c: Context<AppEnv>, context: RouteContext, options: StreamOptions): Response {
  const { deps, clock, config } = context;
  const link = context.linkerFor(c);
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (stream) => {
    const queue: GenerationEvent[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    const unsubscribe = deps.service.subscribe(
      {
        accountId: options.accountId,
        ...(options.generationId ? { generationId: options.generationId } : {}),
      },
      (event) => {
        queue.push(event);
        wake?.();
      },
    );
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    let sequence = 0;
    try {
      const snapshot = await options.snapshot();
      await stream.writeSSE({
        event: 'snapshot',
        id: String(sequence++),
        data: JSON.stringify(snapshot.data),
      });
      while (!closed && !snapshot.done) {
        const event = queue.shift();
        if (event) {
          await stream.writeSSE({
            event: event.type,
            id: String(sequence++),
            data: JSON.stringify({
              type: event.type,
              at: event.at,
              generation: presentGeneration(event.generation, link),
            }),
          });
          if (options.closeOnFinal && finalEvents.has(event.type)) break;
          continue;
        }
        // Wait for the next event, or send a heartbeat comment so proxies keep the stream open.
        const heartbeat = new AbortController();
        const woken = new Promise<'event'>((resolve) => {
          wake = () => resolve('event');
        });
        const slept = clock.sleep(config.sseHeartbeatMs, heartbeat.signal).then(
          () => 'heartbeat' as const,
          () => 'event' as const,
        );
        const reason = await Promise.race([woken, slept]);
        wake = undefined;
        heartbeat.abort();
        if (reason === 'heartbeat' && !closed) await stream.write(': heartbeat\n\n');
      }
    } finally {
      unsubscribe();
    }
  });
}

const eventStreamResponse = {
  description: 'Event stream.',
  content: { 'text/event-stream': { schema: generationEventSchema } },
};

export const generationEventsRoute = createRoute({
  method: 'get',
  path: '/v1/generations/{id}/events',
  operationId: 'streamGenerationEvents',
  summary: 'Server-Sent Events for one generation',
  description:
    'text/event-stream. First a `snapshot` event (data: the Generation), then one event per change ' +
    '(event name = type, data: GenerationEvent). The stream ends after the generation finishes.',
  tags: ['Events'],
  request: { params: z.object({ id: z.string().describe('The generation id.') }) },
  responses: { 200: eventStreamResponse },
});

export const accountEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'streamAccountEvents',
  summary: 'Server-Sent Events for every generation of the account',
  description:
    'First a `snapshot` event (data: {type, at, data: the 50 newest generations}), then every change.',
  tags: ['Events'],
  responses: { 200: eventStreamResponse },
});

export function registerEventRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps, auth } = context;

  app.openapi({ ...generationEventsRoute, middleware: auth }, async (c) => {
    const accountId = c.get('account').id;
    const id = c.req.valid('param').id;
    const first = await deps.service.get(accountId, id);
    if (!first) throw notFound('generation');
    const link = context.linkerFor(c);
    return eventStream(c, context, {
      accountId,
      generationId: id,
      closeOnFinal: true,
      snapshot: async () => {
        const current = (await deps.service.get(accountId, id)) ?? first;
        return {
          data: { type: 'snapshot', at: context.clock.now(), generation: presentGeneration(current, link) },
          done: finalStates.has(current.state),
        };
      },
    });
  });

  app.openapi({ ...accountEventsRoute, middleware: auth }, async (c) => {
    const accountId = c.get('account').id;
    const link = context.linkerFor(c);
    return eventStream(c, context, {
      accountId,
      closeOnFinal: false,
      snapshot: async () => {
        const page = await deps.service.list(accountId, { limit: 50, order: 'desc' });
        return {
          data: {
            type: 'snapshot',
            at: context.clock.now(),
            data: page.data.map((generation) => presentGeneration(generation, link)),
            has_more: page.hasMore,
          },
          done: false,
        };
      },
    });
  });
}
