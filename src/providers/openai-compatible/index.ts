export {
  isModerationCode,
  mapOpenAIError,
  OpenAICompatibleVideoError,
  VideoContentPolicyError,
  type VideoErrorKind,
} from './openai-compatible-errors.ts';
export {
  createOpenAICompatible,
  type OpenAICompatibleProvider,
  type OpenAICompatibleSettings,
  type OpenAICompatibleWebhookEvent,
} from './openai-compatible-provider.ts';
export {
  type ContentVariant,
  type ListedVideo,
  OpenAICompatibleVideoModel,
  type OpenAICompatibleStatusMetadata,
  type OpenedContent,
} from './openai-compatible-video-model.ts';
export {
  type OpenAICompatibleOperation,
  type OpenAICompatibleVideoOptions,
  openaiCompatibleVideoOptionsSchema,
} from './openai-compatible-video-options.ts';
