/**
 * Server-Sent Events over `fetch`, so the stream can carry the `Authorization` header (the
 * browser's EventSource cannot send headers, and API keys do not belong in URLs).
 */

export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** Parses an event stream body; resolves when the server closes it, rejects on abort or network loss. */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const dispatch = () => {
    if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n'), id });
    event = '';
    data = [];
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline = buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') dispatch();
      else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const raw = colon < 0 ? '' : line.slice(colon + 1);
        const text = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
        else if (field === 'id') id = text;
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
  }
  dispatch();
}

export interface StreamOptions {
  url: string;
  apiKey: string;
  signal: AbortSignal;
  onMessage(message: SseMessage): void;
  /** Called each time a connection opens (after a reconnect too). */
  onOpen?(): void;
  /** Called when a connection drops; the stream then reconnects after a backoff. */
  onDrop?(error: unknown): void;
  /** Reconnect after the server closes the stream normally. Default true. */
  reconnect?: boolean;
  /** Called when the server refuses the stream (401/404...); no reconnect then. */
  onRefused?(status: number): void;
}

/** Keeps one event stream open (reconnecting with capped backoff) until `signal` aborts. */
export async function keepStreaming(options: StreamOptions): Promise<void> {
  let failures = 0;
  while (!options.signal.aborted) {
    try {
      const response = await fetch(options.url, {
        headers: { authorization: `Bearer ${options.apiKey}`, accept: 'text/event-stream' },
        signal: options.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) {
        // Drain the error body so the connection is released.
        await response.text().catch(() => '');
        options.onRefused?.(response.status);
        return;
      }
      failures = 0;
      options.onOpen?.();
      await readEventStream(response.body, options.onMessage);
      if (options.reconnect === false) return;
    } catch (error) {
      if (options.signal.aborted) return;
      failures += 1;
      options.onDrop?.(error);
    }
    await wait(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), options.signal);
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
