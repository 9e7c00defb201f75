/** Feeds `generation:*` events into structured logs scoped with the generation id. */
import type { Logger } from 'pino';
import type { GenerationEventBus } from '../worker/event-bus.ts';

export function attachEventLogging(
  events: Pick<GenerationEventBus, 'subscribe'>,
  logger: Logger,
): () => void {
  return events.subscribe({}, (event) => {
    const generation = event.generation;
    const fields = {
      generationId: generation.id,
      accountId: generation.accountId,
      event: event.type,
      status: generation.status,
      progress: generation.progress,
      ...(generation.error ? { code: generation.error.code } : {}),
    };
    if (event.type === 'generation:progress') logger.debug(fields, event.type);
    else logger.info(fields, event.type);
  });
}
