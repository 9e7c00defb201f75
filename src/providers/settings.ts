/**
 * Which providers a process uses and how to reach them: the `providers` part of the validated
 * configuration (src/config/load-config.ts fills it from the environment; code may build it
 * directly). Each provider is enabled by the presence of its credential.
 */
export interface ProviderSettings {
  fal?: {
    apiKey: string;
    baseURL?: string | undefined;
    origin?: string | undefined;
    jwksUrl?: string | undefined;
  };
  google?: { apiKey: string; baseURL?: string | undefined };
  replicate?: { apiToken: string; baseURL?: string | undefined; webhookSecret?: string | undefined };
  xai?: { apiKey: string; baseURL?: string | undefined };
  /** Alibaba Cloud Model Studio (DashScope) video; `baseURL` is the video API's origin. */
  alibaba?: { apiKey: string; baseURL?: string | undefined };
  /** MiniMax (Hailuo) video; `baseURL` is the video API's origin. */
  minimax?: { apiKey: string; baseURL?: string | undefined };
  /** Veo on Vertex AI: a project plus a service account (inline or a key file) or an express-mode key. */
  vertex?: {
    project: string;
    location?: string | undefined;
    credentials?: { client_email: string; private_key: string } | undefined;
    keyFilename?: string | undefined;
    apiKey?: string | undefined;
    baseURL?: string | undefined;
    /** Where Google's OAuth token exchange goes instead (an emulator). */
    authOrigin?: string | undefined;
    /** Where Cloud Storage requests go instead (an emulator). */
    storageOrigin?: string | undefined;
    /** gs:// prefix for results written to Cloud Storage. */
    storageUri?: string | undefined;
  };
  /** Vercel AI Gateway (video through `@ai-sdk/gateway`). */
  gateway?: { apiKey: string; baseURL?: string | undefined };
  /** OpenRouter's `/api/v1/videos`; `webhookSecret` is the workspace's webhook signing secret. */
  openrouter?: { apiKey: string; baseURL?: string | undefined; webhookSecret?: string | undefined };
  /** ByteDance Seedance on BytePlus ModelArk; `baseURL` includes `/api/v3`. */
  bytedance?: { apiKey: string; baseURL?: string | undefined };
  /** OpenAI's videos API, or another endpoint speaking it (OPENAI_BASE_URL). */
  openai?: { apiKey: string; baseURL?: string | undefined; webhookSecret?: string | undefined };
  /** Further OpenAI-compatible endpoints, each its own provider name. */
  openaiCompatible?: Array<{
    name: string;
    baseURL: string;
    apiKey?: string | undefined;
    webhookSecret?: string | undefined;
  }>;
  /** Time compression of providers on loopback hosts (emulators). Default 1. */
  emulatorSpeed?: number | undefined;
  /** Emulators' create deduplication (REELGATE_EMULATOR_IDEMPOTENCY): `on` marks emulated bindings as deduplicating. */
  emulatorIdempotency?: 'provider' | 'on' | 'off' | undefined;
  /** reelgate's public URL: turns on per-job webhooks for providers that take them (fal, Replicate). */
  publicUrl?: string | undefined;
}
