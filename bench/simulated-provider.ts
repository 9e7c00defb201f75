/** The simulated provider of the benchmarks on simulated time (polling, per-generation cost). */
import type { JSONValue } from '@ai-sdk/provider';
import type { FakeClock } from '../src/core/clock.ts';
import { ReelgateError } from '../src/core/errors.ts';
import { seededRandom } from '../src/core/random.ts';
import {
  planTiming,
  type ProgressModel,
  type TimelinePoints,
  timelineAt,
} from '../src/emulator/core/timing.ts';
import type {
  ProviderBinding,
  StatusInfo,
  VerifiedWebhook,
  VideoModel,
} from '../src/providers/provider-port.ts';

/**
 * A provider whose jobs follow the emulator's timing model on the injected clock (no HTTP, no
 * media): for benchmarks on simulated time. With `webhooks`, it accepts webhook deliveries built
 * by `webhookFor(key)` (as a provider's signed event would be, already verified).
 */
export function simulatedProvider(
  clock: FakeClock,
  seed: number,
  progressModel: ProgressModel,
  options: { webhooks?: boolean; bytes?: number; list?: boolean } = {},
) {
  const random = seededRandom(seed);
  const jobs = new Map<string, TimelinePoints>();
  /** List requests answered (status sweeps), as OpenAI's `GET /videos` pages them: 100 a page. */
  const counts = { listCalls: 0 };
  const response = () => ({ timestamp: new Date(clock.now()), modelId: 'sora-2', headers: undefined });
  const completedResult = (progress: number) => ({
    status: 'completed' as const,
    videos: [{ type: 'url' as const, url: 'http://sim.invalid/v', mediaType: 'video/mp4' }],
    warnings: [],
    providerMetadata: { openai: { status: 'completed', progress } },
    response: response(),
  });
  const model: VideoModel = {
    specificationVersion: 'v4',
    provider: 'openai',
    modelId: 'sora-2',
    maxVideosPerCall: 1,
    async doStart(options) {
      const key = String(options.headers?.['Idempotency-Key']);
      if (!jobs.has(key)) {
        const [width, height] = String(options.resolution).split('x').map(Number) as [number, number];
        const plan = planTiming({ width, height, seconds: options.duration ?? 4 }, random, 1);
        const now = clock.now();
        const startAtMs = Math.round(now + plan.queueMs);
        const end = Math.round(startAtMs + plan.runMs);
        jobs.set(key, {
          createdAtMs: now,
          startAtMs,
          nominalEndMs: end,
          terminalAtMs: end,
          outcome: 'completed',
          progressModel,
          progressSeed: Math.floor(random.next() * 2 ** 32),
        });
      }
      return { operation: { key }, warnings: [], response: response() };
    },
    async doStatus({ operation }) {
      const points = jobs.get((operation as { key: string }).key)!;
      const state = timelineAt(points, clock.now());
      if (state.status === 'completed') return completedResult(state.progress);
      const providerMetadata = { openai: { status: state.status, progress: state.progress } };
      return { status: 'pending', providerMetadata, response: response() };
    },
  };
  const bytes = new Uint8Array(options.bytes ?? 1024);
  const binding: ProviderBinding = {
    deduplicatesStarts: true,
    name: 'openai',
    emulated: true,
    timeScale: 1,
    webhooksConfigured: options.webhooks ?? false,
    ...(options.webhooks
      ? {
          verifyWebhook: async (rawBody: string): Promise<VerifiedWebhook> => {
            const event = JSON.parse(rawBody) as { id: string; key: string };
            return { eventId: event.id, type: 'video.completed', jobId: event.key };
          },
        }
      : {}),
    extraVariants: [],
    ...(options.list
      ? {
          listShowsProgress: true,
          listJobStatuses: async (
            sinceMs: number,
            { maxPages, startAfterJobId }: { maxPages: number; startAfterJobId?: string | undefined },
          ) => {
            const cursor = startAfterJobId === undefined ? undefined : jobs.get(startAfterJobId);
            const newestFirst = [...jobs]
              .filter(([, points]) => points.createdAtMs >= sinceMs)
              .filter(([, points]) => cursor === undefined || points.createdAtMs < cursor.createdAtMs)
              .sort(([, a], [, b]) => b.createdAtMs - a.createdAtMs);
            const pages = Math.min(maxPages, Math.max(1, Math.ceil(newestFirst.length / 100)));
            counts.listCalls += pages;
            return {
              calls: pages,
              jobs: newestFirst.slice(0, pages * 100).map(([key, points]) => {
                const state = timelineAt(points, clock.now());
                const result = state.status === 'completed' ? completedResult(state.progress) : undefined;
                return {
                  ...(result ? { result } : {}),
                  providerStatus: state.status,
                  started: state.status !== 'queued',
                  jobId: key,
                  state:
                    state.status === 'completed'
                      ? ('completed' as const)
                      : state.status === 'failed'
                        ? ('failed' as const)
                        : ('pending' as const),
                  progress: state.progress,
                };
              }),
            };
          },
        }
      : {}),
    videoModel: () => model,
    jobIdOf: (operation: JSONValue) => (operation as { key: string }).key,
    openContent: async () => ({
      body: new Blob([bytes]).stream() as ReadableStream<Uint8Array>,
      bytes: bytes.byteLength,
      contentType: 'video/mp4',
    }),
    classifyError: (error) =>
      error instanceof ReelgateError
        ? error
        : new ReelgateError({ code: 'provider_outage', message: String(error) }),
    statusInfo(result): StatusInfo {
      const metadata = (result.providerMetadata?.openai ?? {}) as { status?: string; progress?: number };
      return {
        providerStatus: metadata.status ?? result.status,
        progress: metadata.progress ?? null,
        queuePosition: null,
        started: metadata.status !== 'queued',
        resultExpiresAtMs: null,
        completedAtMs: null,
      };
    },
  };
  return { binding, jobs, counts };
}
