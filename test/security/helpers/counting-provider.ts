/**
 * A hand-written provider for security tests: implements the worker's ProviderBinding (named
 * `openai`, so the default catalog routes to it), counts every billable start by the
 * generation's idempotency key, and finishes jobs at once. With `resultUrl` set, the result is
 * a URL the worker must download (through the engine's guarded fetch); otherwise the content is
 * streamed by `openContent` like a provider that needs its own credentials.
 */
import type { JSONValue } from '@ai-sdk/provider';
import { ReelgateError } from '../../../src/core/errors.ts';
import type {
  ProviderBinding,
  StatusInfo,
  StatusResult,
  VideoModel,
} from '../../../src/providers/provider-port.ts';

export const fakeMp4 = (() => {
  const bytes = new Uint8Array(4096).map((_, index) => index % 251);
  bytes.set([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d], 0);
  return bytes;
})();

export class CountingProvider {
  /** Idempotency keys of every start call (each names its generation id). */
  readonly starts: string[] = [];
  /** Prompts of every start call. */
  readonly prompts: string[] = [];
  statusCalls = 0;
  /** When set, completed jobs point at this URL instead of streaming content. */
  resultUrl: string | undefined;
  /** Prompts containing this text fail at the provider. */
  failMarker = '[[fail]]';

  /** The generation ids that reached the provider (keys are `rg-<id>` or `rg-<id>-job<n>`). */
  startedGenerationIds(): Set<string> {
    return new Set(this.starts.map((key) => key.replace(/^rg-/, '').replace(/-job\d+$/, '')));
  }

  binding(): ProviderBinding {
    const response = () => ({ timestamp: new Date(), modelId: 'counting-1', headers: undefined });
    const jobs = new Map<string, { prompt: string }>();
    const model: VideoModel = {
      specificationVersion: 'v4',
      provider: 'openai',
      modelId: 'counting-1',
      maxVideosPerCall: 1,
      doStart: async (options) => {
        const key = String(options.headers?.['Idempotency-Key'] ?? '');
        this.starts.push(key);
        this.prompts.push(options.prompt ?? '');
        const jobId = `job_${this.starts.length}`;
        jobs.set(jobId, { prompt: options.prompt ?? '' });
        return { operation: { jobId }, warnings: [], response: response() };
      },
      doStatus: async ({ operation }) => {
        this.statusCalls += 1;
        const job = jobs.get((operation as { jobId: string }).jobId);
        if (job?.prompt.includes(this.failMarker)) {
          return { status: 'error', error: 'the job failed', providerMetadata: {}, response: response() };
        }
        return {
          status: 'completed',
          videos: [
            { type: 'url', url: this.resultUrl ?? 'https://unused.invalid/v', mediaType: 'video/mp4' },
          ],
          warnings: [],
          providerMetadata: {},
          response: response(),
        };
      },
    };
    const self = this;
    return {
      name: 'openai',
      deduplicatesStarts: false,
      emulated: false,
      timeScale: 1000,
      webhooksConfigured: false,
      extraVariants: [],
      videoModel: () => model,
      jobIdOf: (operation: JSONValue) => (operation as { jobId?: string }).jobId,
      get openContent() {
        if (self.resultUrl) return undefined;
        return async () => ({
          body: new Blob([fakeMp4]).stream() as ReadableStream<Uint8Array>,
          bytes: fakeMp4.byteLength,
          contentType: 'video/mp4',
        });
      },
      classifyError: (error: unknown) =>
        error instanceof ReelgateError
          ? error
          : new ReelgateError({ code: 'provider_outage', message: 'provider call failed' }),
      statusInfo(result: StatusResult): StatusInfo {
        return {
          providerStatus: result.status,
          progress: result.status === 'completed' ? 100 : null,
          queuePosition: null,
          started: true,
          resultExpiresAtMs: null,
          completedAtMs: null,
          ...(result.status === 'error'
            ? {
                failure: new ReelgateError({
                  code: 'provider_outage',
                  message: result.error,
                  retryable: false,
                }),
              }
            : {}),
        };
      },
    } as ProviderBinding;
  }
}
