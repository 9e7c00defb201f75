/**
 * Streams a stored file from disk as an HTTP response (never buffering it whole), with
 * single-range support and the download faults: `reset` (the connection is reset right after
 * the headers) and `truncate` (the body stops halfway, with the full Content-Length promised).
 */
import { open } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Context } from 'hono';
import type { StoredFile } from './media-store.ts';

export type DownloadFault = 'reset' | 'truncate' | null;

export interface ServeFileOptions {
  fault: DownloadFault;
  /** Extra headers (e.g. Content-Disposition). */
  headers?: Record<string, string>;
}

export function serveFile(c: Context, file: StoredFile, options: ServeFileOptions): Response {
  const headers = new Headers({
    'content-type': file.contentType,
    'accept-ranges': 'bytes',
    ...(options.headers ?? {}),
  });
  let start = 0;
  let end = file.size - 1;
  let status = 200;
  const range = parseRange(c.req.header('range'), file.size);
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  if (range) {
    ({ start, end } = range);
    status = 206;
    headers.set('content-range', `bytes ${start}-${end}/${file.size}`);
  }
  const length = end - start + 1;
  headers.set('content-length', String(length));
  if (c.req.method === 'HEAD' || length === 0) return new Response(null, { status, headers });

  const socket = nodeSocket(c);
  const source = fileStream(file.path, start, end);
  if (options.fault === 'reset')
    return new Response(breakAfter(source, 0, socket, true), { status, headers });
  if (options.fault === 'truncate') {
    return new Response(breakAfter(source, Math.floor(length / 2), socket, false), { status, headers });
  }
  return new Response(source, { status, headers });
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Bytes start..end (inclusive) of a file as a pull-driven stream: one 64 KB read per pull, so
 * a slow client holds at most a chunk or two in memory (Readable.toWeb reads ahead eagerly).
 */
export function fileStream(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let position = start;
  const closeHandle = async () => {
    const current = handle;
    handle = undefined;
    await current?.close().catch(() => {});
  };
  return new ReadableStream<Uint8Array>(
    {
      async start() {
        handle = await open(path, 'r');
      },
      async pull(controller) {
        const remaining = end + 1 - position;
        if (remaining <= 0 || !handle) {
          await closeHandle();
          controller.close();
          return;
        }
        const buffer = new Uint8Array(Math.min(CHUNK_BYTES, remaining));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, position);
        if (bytesRead === 0) {
          await closeHandle();
          controller.error(new Error('file ended early'));
          return;
        }
        position += bytesRead;
        controller.enqueue(buffer.subarray(0, bytesRead));
      },
      cancel: closeHandle,
    },
    { highWaterMark: 1 },
  );
}

/**
 * Passes `limit` bytes through, then breaks the transfer: on a real socket by resetting (RST)
 * or closing it; without one (app.request() tests) by erroring the stream.
 */
function breakAfter(
  source: ReadableStream<Uint8Array>,
  limit: number,
  socket: Socket | undefined,
  reset: boolean,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let sent = 0;
  const breakTransfer = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    void reader.cancel().catch(() => {});
    if (socket) {
      // give the already queued bytes a moment to be flushed, then cut the connection
      setTimeout(() => {
        if (reset && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
      }, 20);
      // keep the stream open so the server does not finish the response cleanly
      return;
    }
    controller.error(new Error(reset ? 'emulated connection reset' : 'emulated truncated body'));
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= limit) {
        breakTransfer(controller);
        return new Promise<void>(() => {}); // never pulls again; the socket goes away
      }
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      const room = limit - sent;
      const chunk = value.byteLength > room ? value.subarray(0, room) : value;
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function nodeSocket(c: Context): Socket | undefined {
  const env = c.env as { outgoing?: { socket?: Socket | null } } | undefined;
  return env?.outgoing?.socket ?? undefined;
}

type ByteRange = { start: number; end: number };

/** A single `bytes=a-b` / `bytes=a-` / `bytes=-n` range; null when absent or not a single range. */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
