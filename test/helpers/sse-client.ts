import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** One Server-Sent Event as received, with when it arrived. */
export interface SseMessage {
  event: string;
  id: string | undefined;
  data: string;
  receivedAt: number;
}

/** An event stream read over real HTTP (Node's EventSource is not in Node 20). */
export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a non-200 answer. */
  body: string;
  /** Every event so far, in order. */
  messages: SseMessage[];
  /** Every comment line so far (e.g. ` heartbeat`). */
  comments: string[];
  /** The next event not yet returned by `next`; rejects when the stream ends first or after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Settles when the server ends the stream (or the client closes it). */
  closed: Promise<void>;
  /** Whether the server ended the stream. */
  readonly ended: boolean;
  /** Calls `listener` for every later event. */
  onMessage(listener: (message: SseMessage) => void): void;
  /** Disconnects (as a browser tab closing). */
  close(): void;
}

/** Opens `url` as an event stream; answers once the response headers arrive. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } });
    request.on('error', reject);
    request.on('response', (response) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const listeners: ((message: SseMessage) => void)[] = [];
      const waiters: (() => void)[] = [];
      let readIndex = 0;
      let ended = false;
      let buffer = '';
      let body = '';
      const wake = () => waiters.splice(0).forEach((waiter) => waiter());
      const closed = new Promise<void>((resolveClosed) => {
        response.on('close', () => {
          ended = true;
          wake();
          resolveClosed();
        });
      });
      response.on('error', () => {});
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (response.statusCode !== 200) {
          body += chunk;
          return;
        }
        buffer += chunk.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message = parseBlock(block, comments);
          if (!message) continue;
          messages.push(message);
          listeners.forEach((listener) => listener(message));
          wake();
        }
      });

      const connection: SseConnection = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        get body() {
          return body;
        },
        messages,
        comments,
        closed,
        get ended() {
          return ended;
        },
        onMessage: (listener) => listeners.push(listener),
        close: () => request.destroy(),
        next(timeoutMs = 10_000) {
          return new Promise((resolveNext, rejectNext) => {
            const timer = setTimeout(() => rejectNext(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              if (readIndex < messages.length) {
                clearTimeout(timer);
                resolveNext(messages[readIndex++]!);
              } else if (ended) {
                clearTimeout(timer);
                rejectNext(new Error('the stream ended'));
              } else {
                waiters.push(check);
              }
            };
            check();
          });
        },
      };
      if (response.statusCode === 200) resolve(connection);
      else void closed.then(() => resolve(connection));
    });
    request.end();
  });
}

function parseBlock(block: string, comments: string[]): SseMessage | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  return { event, id, data: data.join('\n'), receivedAt: Date.now() };
}
