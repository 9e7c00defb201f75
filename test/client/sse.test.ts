/**
 * The client's event-stream reader: lines split across chunks, CRLF, comments (heartbeats),
 * multi-line data, event names, and the last event id carried over to messages that send none.
 */
import { expect, test } from 'vitest';
import { readSse, type SseMessage } from '../../src/client/sse.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of readSse(streamOf(chunks))) out.push(message);
  return out;
}

test('messages split anywhere, CRLF and comments', async () => {
  const messages = await collect([
    ': heartbeat\n\n',
    'event: generation:progress\r\nid: 7\r\nda',
    'ta: {"a":1}\r\n\r\n',
    'data: line one\ndata: line two\n\n',
    'id: 9\nevent: x\ndata:\n\n',
  ]);
  expect(messages).toEqual([
    { event: 'generation:progress', data: '{"a":1}', id: '7' },
    { event: 'message', data: 'line one\nline two', id: '7' },
    { event: 'x', data: '', id: '9' },
  ]);
});

test('a multi-byte character split between chunks survives', async () => {
  const bytes = new TextEncoder().encode('data: café 🎬\n\n');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, 10));
      controller.enqueue(bytes.slice(10));
      controller.close();
    },
  });
  const out: SseMessage[] = [];
  for await (const message of readSse(body)) out.push(message);
  expect(out.map((message) => message.data)).toEqual(['café 🎬']);
});

test('stopping early cancels the body', async () => {
  let canceled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
    },
    cancel() {
      canceled = true;
    },
  });
  for await (const message of readSse(body)) {
    expect(message.data).toBe('tick');
    break;
  }
  expect(canceled).toBe(true);
});
