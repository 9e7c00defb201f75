import type OpenAI from 'openai';

export interface OpenAICompatibleConfig {
  /** Provider name used in logs and providerMetadata keys (default "openai"). */
  provider: string;
  /** Base URL of the `/v1` API, without a trailing slash. */
  baseURL: string;
  client: OpenAI;
  /** Called for provider answers that were mapped to a safe default (unknown statuses...). */
  onWarning: (message: string, details: Record<string, unknown>) => void;
}
