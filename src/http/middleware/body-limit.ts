import type { MiddlewareHandler } from 'hono';
import { ReelgateError } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';

export const defaultUploadLimitBytes = 50 * 1024 * 1024;

export function payloadTooLarge(maxBytes: number): ReelgateError {
  return new ReelgateError({
    code: 'payload_too_large',
    message: `Request body is larger than the limit of ${maxBytes} bytes.`,
    details: { limitBytes: maxBytes },
  });
}

export interface BodyLimitOptions {
  maxBytes?: number;
}

/**
 * Refuses bodies over `maxBytes` with 413: at once when Content-Length says so, otherwise while
 * the body streams in (the count stops the stream; nothing bigger than the limit is buffered).
 */
export function bodyLimit(options: BodyLimitOptions = {}): MiddlewareHandler<AppEnv> {
  const maxBytes = options.maxBytes ?? defaultUploadLimitBytes;
  return async function bodyLimitMiddleware(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = raw.headers.get('content-length');
    if (declared !== null && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
    let seen = 0;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          const error = payloadTooLarge(maxBytes);
          c.set('bodyLimitError', error);
          controller.error(error);
          return;
        }
        controller.enqueue(chunk);
      },
    });
    c.req.raw = new Request(raw, { body: raw.body.pipeThrough(counter), duplex: 'half' } as RequestInit);
    return next();
  };
}
