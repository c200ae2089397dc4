import type { ServerResponse } from 'node:http';

/** One Server-Sent Event. */
export interface SseEvent {
  event: string;
  id: string;
  /** One line (JSON has no raw newlines). */
  data: string;
}

export interface SseStreamOptions {
  /** Time between `: heartbeat` comments, which keep proxies from closing an idle stream. @default 15000 */
  heartbeatMs?: number;
  /** Reconnection delay suggested to the browser. @default 2000 */
  retryMs?: number;
  /** Heartbeat ticks a client may stay unable to take data before it is dropped. @default 2 */
  maxStalledTicks?: number;
  /** Called once when the stream ends, whoever ends it. */
  onClose?: () => void;
}

/** The response headers of an event stream. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: compressing proxies would hold events back.
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx buffers responses unless told not to.
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * Writes Server-Sent Events to a raw response. Every event carries the whole state, so under
 * backpressure only the newest unsent event is kept (older ones are superseded): a slow
 * client costs one event of memory, and one that takes nothing for `maxStalledTicks`
 * heartbeats is dropped. Writes after the client left are ignored, never thrown.
 */
export class SseStream {
  readonly #response: ServerResponse;
  readonly #options: SseStreamOptions;
  #heartbeat: NodeJS.Timeout | undefined;
  #pending: SseEvent | null = null;
  #endAfterDrain = false;
  #stalledTicks = 0;
  #closed = false;

  constructor(response: ServerResponse, options: SseStreamOptions = {}) {
    this.#response = response;
    this.#options = options;
    response.on('close', () => this.#cleanUp());
    response.on('error', () => this.#cleanUp());
    response.on('drain', () => this.#drain());
  }

  /** Whether the stream still accepts events. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Sends the headers and starts the heartbeat. */
  start(): void {
    if (this.#gone()) return this.#cleanUp();
    this.#response.writeHead(200, SSE_HEADERS);
    this.#write(`retry: ${this.#options.retryMs ?? 2000}\n\n`);
    this.#heartbeat = setInterval(() => this.#tick(), this.#options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  send(event: SseEvent): void {
    if (this.#closed) return;
    if (this.#response.writableNeedDrain) {
      this.#pending = event;
      return;
    }
    this.#write(format(event));
  }

  /** Ends the response once every event sent so far has been written. */
  end(): void {
    if (this.#closed) return;
    if (this.#pending) {
      this.#endAfterDrain = true;
      return;
    }
    this.#stopHeartbeat();
    if (!this.#gone()) this.#response.end();
    this.#cleanUp();
  }

  #tick(): void {
    if (this.#response.writableNeedDrain) {
      // The client has taken nothing since the last tick (or longer): it is gone or too slow.
      if (++this.#stalledTicks >= (this.#options.maxStalledTicks ?? 2)) this.#response.destroy();
      return;
    }
    this.#stalledTicks = 0;
    this.#write(': heartbeat\n\n');
  }

  #drain(): void {
    this.#stalledTicks = 0;
    const pending = this.#pending;
    this.#pending = null;
    if (pending) this.#write(format(pending));
    if (this.#endAfterDrain) this.end();
  }

  #write(chunk: string): void {
    if (this.#gone()) return;
    try {
      this.#response.write(chunk);
    } catch {
      this.#response.destroy();
    }
  }

  #gone(): boolean {
    return this.#response.destroyed || this.#response.writableEnded;
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #cleanUp(): void {
    this.#stopHeartbeat();
    this.#pending = null;
    if (this.#closed) return;
    this.#closed = true;
    this.#options.onClose?.();
  }
}

function format(event: SseEvent): string {
  return `event: ${event.event}\nid: ${event.id}\ndata: ${event.data}\n\n`;
}
