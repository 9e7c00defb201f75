/**
 * Veo on Vertex AI through `@ai-sdk/google-vertex`, authenticated with a service account
 * (Google's OAuth JWT flow through google-auth-library) or an express-mode API key.
 * `authOrigin` (REELGATE_GOOGLE_AUTH_ORIGIN) sends the token exchange for
 * `https://oauth2.googleapis.com` elsewhere (the emulator's `<url>/vertex`), and
 * `storageOrigin` the Cloud Storage downloads for `https://storage.googleapis.com`.
 * `storageUri` (GOOGLE_VERTEX_STORAGE_URI, `gs://bucket/prefix`) asks Vertex to write videos
 * to Cloud Storage instead of returning them inline; reelgate then copies them from there.
 * Vertex documents no deduplication of requests and no per-job webhooks.
 *
 * @example
 * const binding = vertexBinding({ project: 'my-project', location: 'us-central1', credentials });
 * const model = binding.videoModel('veo-3.1-fast-generate-001');
 */
import { createVertex } from '@ai-sdk/google-vertex';
import type { Experimental_VideoModelV4 as VideoModelV4, JSONValue } from '@ai-sdk/provider';
import { GoogleAuth } from 'google-auth-library';
import { ReelgateError } from '../../core/errors.ts';
import {
  adaptedBinding,
  type BindingRuntimeSettings,
  jobIdField,
  runtimeOptions,
} from '../ai-sdk-common/binding.ts';
import { originRewriteFetch } from '../ai-sdk-common/origin-rewrite.ts';
import { capturingFetch } from '../ai-sdk-common/response-capture.ts';
import type { ProviderBinding, ProviderContent } from '../provider-port.ts';
import { vertexFamily } from './vertex-family.ts';

export interface VertexSettings extends BindingRuntimeSettings {
  project: string;
  location: string;
  /** Service-account key (the JSON Google gives); or `keyFilename`; or an express-mode `apiKey`. */
  credentials?: { client_email: string; private_key: string } | undefined;
  keyFilename?: string | undefined;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  authOrigin?: string | undefined;
  storageOrigin?: string | undefined;
  storageUri?: string | undefined;
}

const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export function vertexBinding(settings: VertexSettings): ProviderBinding {
  const inner = settings.fetch ?? globalThis.fetch;
  const rewrites: Record<string, string> = {};
  if (settings.authOrigin) rewrites['https://oauth2.googleapis.com'] = settings.authOrigin;
  if (settings.storageOrigin)
    rewrites['https://storage.googleapis.com'] = `${settings.storageOrigin}/storage`;
  const outbound = originRewriteFetch(rewrites, inner);
  const authOptions = {
    scopes: [SCOPE],
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.keyFilename ? { keyFilename: settings.keyFilename } : {}),
    clientOptions: { transporterOptions: { fetchImplementation: outbound as never } },
  };
  const auth = settings.apiKey ? null : new GoogleAuth(authOptions);
  const fetchImpl = capturingFetch(outbound);
  const provider = createVertex({
    project: settings.project,
    location: settings.location,
    ...(settings.baseURL ? { baseURL: settings.baseURL.replace(/\/+$/, '') } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : { googleAuthOptions: authOptions }),
    fetch: fetchImpl,
  });
  const authHeaders = async (): Promise<Record<string, string>> => {
    if (settings.apiKey) return { 'x-goog-api-key': settings.apiKey };
    const token = await auth!.getAccessToken();
    return { authorization: `Bearer ${token}` };
  };
  const models = new Map<string, VideoModelV4>();
  const model = (modelId: string) => {
    let found = models.get(modelId);
    if (!found) {
      found = provider.video(modelId) as unknown as VideoModelV4;
      models.set(modelId, found);
    }
    return found;
  };
  return {
    ...adaptedBinding({
      name: 'google-vertex',
      family: vertexFamily,
      createModel: (modelId) => withStorage(model(modelId), settings.storageUri),
      jobIdOf: operationName,
      secrets: [settings.apiKey ?? '', settings.credentials?.private_key ?? ''].filter(Boolean),
      ...runtimeOptions(settings, { documentsDeduplication: false }),
    }),
    // The video is read again from the operation: inline bytes, or the gs:// object.
    async openContent(operation, variant, signal): Promise<ProviderContent> {
      const name = operationName(operation);
      if (variant !== 'video' || !name)
        throw new ReelgateError({ code: 'download_failed', message: 'No video.' });
      const modelPath = name.replace(/\/operations\/[^/]+$/, '');
      const modelId = modelPath.split('/').pop() ?? '';
      const base = (settings.baseURL ?? defaultBase(settings)).replace(/\/+$/, '');
      const response = await fetchImpl(`${base}/models/${modelId}:fetchPredictOperation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authHeaders()) },
        body: JSON.stringify({ operationName: name }),
        signal,
      });
      if (response.status === 404) throw expired();
      if (!response.ok)
        throw downloadFailed(`Vertex answered HTTP ${response.status} when the video was read.`);
      const body = (await response.json()) as {
        response?: { videos?: Array<{ bytesBase64Encoded?: string; gcsUri?: string; mimeType?: string }> };
      };
      const video = body.response?.videos?.[0];
      if (video?.bytesBase64Encoded) {
        const bytes = Buffer.from(video.bytesBase64Encoded, 'base64');
        return {
          body: new Blob([bytes]).stream(),
          bytes: bytes.byteLength,
          contentType: video.mimeType ?? 'video/mp4',
        };
      }
      const match = video?.gcsUri ? /^gs:\/\/([^/]+)\/(.+)$/.exec(video.gcsUri) : null;
      if (!match) throw downloadFailed('The Vertex operation has no video.');
      const url = `https://storage.googleapis.com/download/storage/v1/b/${match[1]}/o/${encodeURIComponent(match[2]!)}?alt=media`;
      const download = await outbound(url, { headers: await authHeaders(), signal });
      if (download.status === 404) throw expired();
      if (!download.ok || !download.body)
        throw downloadFailed(`Cloud Storage answered HTTP ${download.status}.`);
      const length = Number(download.headers.get('content-length'));
      return {
        body: download.body,
        bytes: Number.isFinite(length) && length > 0 ? length : undefined,
        contentType: download.headers.get('content-type') ?? 'video/mp4',
      };
    },
  };
}

/** Adds `storageUri` to every start when Cloud Storage output is configured. */
function withStorage(model: VideoModelV4, storageUri: string | undefined): VideoModelV4 {
  if (!storageUri) return model;
  return new Proxy(model, {
    get(target, property, receiver) {
      if (property !== 'doStart') return Reflect.get(target, property, receiver);
      return (options: Parameters<NonNullable<VideoModelV4['doStart']>>[0]) => {
        const current = (options.providerOptions?.googleVertex ?? {}) as Record<string, JSONValue>;
        return target.doStart!({
          ...options,
          providerOptions: { ...(options.providerOptions ?? {}), googleVertex: { storageUri, ...current } },
        });
      };
    },
  });
}

function defaultBase(settings: VertexSettings): string {
  if (settings.apiKey) return 'https://aiplatform.googleapis.com/v1/publishers/google';
  const host =
    settings.location === 'global'
      ? 'aiplatform.googleapis.com'
      : `${settings.location}-aiplatform.googleapis.com`;
  return `https://${host}/v1beta1/projects/${settings.project}/locations/${settings.location}/publishers/google`;
}

const operationName = jobIdField('operationName');

function expired(): ReelgateError {
  return new ReelgateError({
    code: 'result_expired',
    message: 'The Vertex AI result expired before it was copied.',
    retryable: false,
  });
}

function downloadFailed(message: string): ReelgateError {
  return new ReelgateError({ code: 'download_failed', message, retryable: true });
}
