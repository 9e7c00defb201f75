/**
 * Server-Sent-Events reading on `eventsource-parser` (works in browsers and Node; no
 * EventSource needed, so requests can carry an Authorization header).
 *
 * One thing is added on top of the parser: it reports only the `id` sent with each message,
 * while the HTML standard's "last event ID" carries over to later messages that send none; that
 * is kept here, so `id` is always the id a reconnect would send as `Last-Event-ID`.
 */
import { createParser } from 'eventsource-parser';

export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** Yields each message of a `text/event-stream` body. Comments (heartbeats) are skipped. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: SseMessage[] = [];
  let lastId: string | undefined;
  const parser = createParser({
    onEvent(message) {
      if (message.id !== undefined) lastId = message.id;
      ready.push({ event: message.event ?? 'message', data: message.data, id: lastId });
    },
  });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
    }
  } finally {
    // Stopping early hangs up: the server sees the stream closed.
    await reader.cancel().catch(() => undefined);
  }
}
