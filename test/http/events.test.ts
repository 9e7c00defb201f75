/** Server-Sent Events per generation and per account, over a real socket. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, fakeMp4, type Harness, listen } from './fakes/harness.ts';

let h: Harness;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  h = await createHarness();
  server = await listen(h.app);
});
afterAll(async () => {
  await server.close();
});

interface SseMessage {
  event: string;
  data: Record<string, unknown>;
}

/** Reads SSE messages from a response until `count` arrived or the stream ended. */
async function* messages(response: Response): AsyncGenerator<SseMessage> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    yield* parse();
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  async function* parse(): AsyncGenerator<SseMessage> {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let boundary = buffer.indexOf('\n\n');
      while (boundary !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        boundary = buffer.indexOf('\n\n');
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (event) yield { event, data: JSON.parse(data) as Record<string, unknown> };
      }
    }
  }
}

async function create(prompt: string): Promise<string> {
  const response = await h.app.request('/v1/generations', {
    method: 'POST',
    headers: { ...h.authA, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt }),
  });
  return ((await response.json()) as { id: string }).id;
}

describe('generation event stream', () => {
  it('starts with a snapshot, delivers progress and completion, then ends', async () => {
    const id = await create('watch me');
    const response = await fetch(`${server.url}/v1/generations/${id}/events`, { headers: h.authA });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const iterator = messages(response);
    const snapshot = (await iterator.next()).value as SseMessage;
    expect(snapshot.event).toBe('snapshot');
    expect((snapshot.data.generation as { id: string; status: string }).status).toBe('queued');

    h.service.advance(id, 50);
    const progress = (await iterator.next()).value as SseMessage;
    expect(progress.event).toBe('generation:progress');
    expect(progress.data.generation).toMatchObject({ id, status: 'running', progress: 50 });

    h.service.complete(id, { video: fakeMp4(64) });
    const completed = (await iterator.next()).value as SseMessage;
    expect(completed.event).toBe('generation:completed');
    expect((completed.data.generation as { video: { url: string } }).video.url).toContain(
      `/files/${id}/video?sig=`,
    );
    expect((await iterator.next()).done).toBe(true);
    expect(h.service.listenerCount).toBe(0);
  });

  it('ends right after the snapshot when the generation already finished', async () => {
    const id = await create('already done');
    h.service.complete(id, { video: fakeMp4(64) });
    const response = await fetch(`${server.url}/v1/generations/${id}/events`, { headers: h.authA });
    const all: SseMessage[] = [];
    for await (const message of messages(response)) all.push(message);
    expect(all.map((message) => message.event)).toEqual(['snapshot']);
  });

  it('unsubscribes when the client goes away', async () => {
    const id = await create('abandoned');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/generations/${id}/events`, {
      headers: h.authA,
      signal: controller.signal,
    });
    const iterator = messages(response);
    await iterator.next();
    expect(h.service.listenerCount).toBe(1);
    controller.abort();
    await iterator.return(undefined).catch(() => undefined);
    // The server notices on its next write or abort signal.
    for (let attempt = 0; attempt < 50 && h.service.listenerCount > 0; attempt++) {
      h.service.advance(id, attempt);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(h.service.listenerCount).toBe(0);
  });
});

describe('account event stream', () => {
  it('delivers events of the account only', async () => {
    const response = await fetch(`${server.url}/v1/events`, { headers: h.authA });
    const iterator = messages(response);
    const snapshot = (await iterator.next()).value as SseMessage;
    expect(snapshot.event).toBe('snapshot');
    expect(Array.isArray(snapshot.data.data)).toBe(true);

    // Account B's activity must not show up on A's stream.
    await h.app.request('/v1/generations', {
      method: 'POST',
      headers: { ...h.authB, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'b secret' }),
    });
    const id = await create('a visible');
    const accepted = (await iterator.next()).value as SseMessage;
    expect(accepted.event).toBe('generation:accepted');
    expect((accepted.data.generation as { id: string; prompt: string }).prompt).toBe('a visible');
    expect((accepted.data.generation as { id: string }).id).toBe(id);
    await iterator.return(undefined);
  });
});
