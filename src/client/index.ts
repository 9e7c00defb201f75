/**
 * `reelgate/client`: the typed TypeScript client of a reelgate gateway.
 *
 * @example
 * import { ReelgateClient, ContentPolicyError } from 'reelgate/client';
 * const client = new ReelgateClient({ baseUrl: 'http://127.0.0.1:8787', apiKey });
 * const generation = await client.create({ prompt: 'a red fox in snow, slow dolly in', duration: 8 });
 * const done = await client.wait(generation.id);
 */
export { type ClientClock, ReelgateClient, type ReelgateClientOptions, type WaitOptions } from './client.ts';
export * from './errors.ts';
export { readSse, type SseMessage } from './sse.ts';
export type * from './types.ts';
