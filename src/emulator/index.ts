/**
 * The local provider emulator: the OpenAI Videos API under /v1 (and more faces later),
 * backed by a shared core of jobs, timing, media, faults, content policy, webhooks and stats.
 */
export { createEmulatorApp, createEmulatorCore, defaultDataDir, type EmulatorApp } from './app.ts';
export { HUMAN_FACE_MARKER } from './core/content-policy.ts';
export {
  bearerKey,
  type CreateJobSpec,
  EmulatorCore,
  type JobSnapshot,
  rateLimited,
  serverError,
} from './core/core.ts';
export type { EmulatorFace } from './core/face.ts';
export { FAULT_NAMES, type FaultName, type FaultRates, parseFaultMarkers } from './core/faults.ts';
export { EmulatorHttpError } from './core/http-error.ts';
export type { EmulatorJob } from './core/job-store.ts';
export type { ContentVariant, StoredFile } from './core/media-store.ts';
export type { StatsSnapshot } from './core/stats.ts';
export { medianGenerationSeconds } from './core/timing.ts';
export type { WebhookEvent } from './core/webhooks.ts';
export { defaultFaces } from './faces/index.ts';
export { openaiFace } from './faces/openai/face.ts';
export { emulatorOptionsFromEnv, EMULATOR_SETTINGS, type EmulatorSettingValues } from './config.ts';
export type { EmulatorOptions } from './options.ts';
export { type RunningEmulator, startEmulator } from './server.ts';
