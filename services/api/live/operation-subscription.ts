import type { OperationRecord } from '@temporal-operations/client';
import type { OperationWatcher, WatchEnd } from './operation-watcher';

/** Where a subscription delivers once attached. */
export interface OperationSink {
  next(record: OperationRecord): void;
  end(reason: WatchEnd): void;
}

/** The hub closed (the server is shutting down) before the first record arrived. */
export class HubClosedError extends Error {
  override name = 'HubClosedError';
}

/**
 * A hub watcher in two steps: `first` answers the first record (null when there is no such
 * operation; rejects when reading fails), so a route can check the owner before it sends
 * anything; `attach` then delivers the newest record and every later change. Nothing is lost
 * in between, and nothing piles up: only the newest record is kept.
 */
export class OperationSubscription {
  readonly first: Promise<OperationRecord | null>;
  readonly #remove: () => void;
  #sink: OperationSink | null = null;
  #pending: OperationRecord | null = null;
  #ended: WatchEnd | null = null;
  #closed = false;

  constructor(watch: (watcher: OperationWatcher) => () => void) {
    let resolveFirst!: (record: OperationRecord | null) => void;
    let rejectFirst!: (error: unknown) => void;
    this.first = new Promise((resolve, reject) => {
      resolveFirst = resolve;
      rejectFirst = reject;
    });
    // Nobody may be waiting any more (the client left); settling later must not be unhandled.
    this.first.catch(() => {});
    this.#remove = watch({
      next: (record) => {
        resolveFirst(record);
        if (this.#sink) this.#sink.next(record);
        else this.#pending = record;
      },
      error: (error) => rejectFirst(error),
      end: (reason) => {
        if (reason === 'closed') rejectFirst(new HubClosedError('The server is shutting down'));
        else resolveFirst(null);
        if (this.#sink) this.#sink.end(reason);
        else this.#ended = reason;
      },
    });
  }

  /** Starts delivery: the newest record at once, then every change, then the end. */
  attach(sink: OperationSink): void {
    if (this.#closed) return;
    this.#sink = sink;
    const pending = this.#pending;
    this.#pending = null;
    if (pending) sink.next(pending);
    if (this.#ended) sink.end(this.#ended);
  }

  /** Leaves the hub; the last one to leave an operation stops its loop. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#sink = null;
    this.#pending = null;
    this.#remove();
  }
}
