import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { FINISHED_STATUSES, type OperationRecord } from '@temporal-operations/client';
import { watchOperation } from '@temporal-operations/client';
import type { NatsLink } from '../../shared/progress-bus/nats-link';
import type { RejectReason } from '../../shared/progress-bus/progress-message';
import { BusWatch } from './bus-watch';
import { markedRead } from './marked-read';
import { OperationSubscription } from './operation-subscription';
import { MAX_RETRY_MS } from './retry-backoff';
import type { OperationWatcher, WatchEnd } from './operation-watcher';

export interface OperationHubOptions {
  /** Time between reads of a running operation. @default 250 */
  intervalMs?: number;
  /** Deadline of each Temporal call. */
  deadlineMs?: number;
  /** First pause after a failed read; doubles up to 10 s. @default 500 */
  retryMs?: number;
  /** Where failed reads are reported. */
  onError?: (error: unknown, operationId: string) => void;
  /** The progress bus; without it every watched operation is polled every `intervalMs`. */
  bus?: {
    link: NatsLink;
    namespace: string;
    /** Time between reads of a watched operation while the bus is up. @default 10000 */
    reconcileMs?: number;
    /** Where ignored messages are reported (once per operation and reason). */
    onReject?: (reason: RejectReason | 'out-of-order', operationId: string) => void;
  };
}

interface Watch {
  id: string;
  controller: AbortController;
  watchers: Set<OperationWatcher>;
  latest: OperationRecord | null;
  latestJson: string;
  /** Reasons already reported for this operation, so a flood of bad messages logs once. */
  rejected?: Set<string>;
}

/**
 * Fans out operation changes to any number of watchers with one loop per watched operation in
 * this process: Temporal sees the same calls for one watcher as for a thousand. Without a bus
 * the loop is `watchOperation` (a read every `intervalMs`); with one it is a `BusWatch` (one
 * NATS subscription, Temporal read only to reconcile). The loop stops (AbortSignal) as soon as
 * its last watcher leaves.
 */
export class OperationHub {
  readonly #client: Client;
  readonly #options: OperationHubOptions;
  readonly #watches = new Map<string, Watch>();
  readonly #loops = new Set<Promise<void>>();
  #closed = false;

  constructor(client: Client, options: OperationHubOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /** Polling loops still running (a loop outlives its last watcher only until its in-flight call returns). */
  get activeWatches(): number {
    return this.#loops.size;
  }

  /** Operations watched right now. */
  get watchedOperations(): number {
    return this.#watches.size;
  }

  /** Watchers attached right now, over every operation. */
  get watcherCount(): number {
    let count = 0;
    for (const watch of this.#watches.values()) count += watch.watchers.size;
    return count;
  }

  /** Adds a watcher; answers the function that removes it (idempotent). */
  watch(id: string, watcher: OperationWatcher): () => void {
    if (this.#closed) {
      queueMicrotask(() => watcher.end('closed'));
      return () => {};
    }
    let watch = this.#watches.get(id);
    if (!watch) {
      watch = { id, controller: new AbortController(), watchers: new Set(), latest: null, latestJson: '' };
      this.#watches.set(id, watch);
      this.#start(watch);
    } else if (watch.latest) {
      // Deferred so that the caller holds its remove function before the first call.
      const joined = watch;
      queueMicrotask(() => {
        if (joined.watchers.has(watcher) && joined.latest) safely(() => watcher.next(joined.latest!));
      });
    }
    watch.watchers.add(watcher);
    const current = watch;
    return () => this.#remove(current, watcher);
  }

  /** A watcher that also answers the first record as a promise, for routes that check it before streaming. */
  subscribe(id: string): OperationSubscription {
    return new OperationSubscription((watcher) => this.watch(id, watcher));
  }

  /** Ends every watcher, stops every loop and waits for them. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const watch of [...this.#watches.values()]) this.#finish(watch, 'closed');
    await Promise.allSettled([...this.#loops]);
  }

  #remove(watch: Watch, watcher: OperationWatcher): void {
    if (!watch.watchers.delete(watcher) || watch.watchers.size > 0) return;
    if (this.#watches.get(watch.id) === watch) this.#watches.delete(watch.id);
    watch.controller.abort();
  }

  #start(watch: Watch): void {
    const loop = this.#run(watch).finally(() => this.#loops.delete(loop));
    this.#loops.add(loop);
  }

  async #run(watch: Watch): Promise<void> {
    if (this.#options.bus) return this.#runOnBus(watch, this.#options.bus);
    const { signal } = watch.controller;
    let retryMs = this.#options.retryMs ?? 500;
    while (!signal.aborted) {
      try {
        const records = watchOperation(this.#client, watch.id, {
          intervalMs: this.#options.intervalMs,
          deadlineMs: this.#options.deadlineMs,
          signal,
        });
        for await (const record of records) {
          if (signal.aborted) return;
          retryMs = this.#options.retryMs ?? 500;
          this.#publish(watch, record);
        }
        if (signal.aborted) return;
        const finished = watch.latest !== null && FINISHED_STATUSES.includes(watch.latest.status);
        this.#finish(watch, finished ? 'finished' : 'missing');
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.#options.onError?.(error, watch.id);
        for (const watcher of [...watch.watchers]) safely(() => watcher.error?.(error));
        try {
          await delay(retryMs, undefined, { signal });
        } catch {
          return; // aborted while waiting
        }
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
    }
  }

  async #runOnBus(watch: Watch, bus: NonNullable<OperationHubOptions['bus']>): Promise<void> {
    const { signal } = watch.controller;
    const reading = new BusWatch(
      watch.id,
      {
        client: this.#client,
        link: bus.link,
        namespace: bus.namespace,
        read: markedRead(this.#client, this.#options.deadlineMs),
        intervalMs: this.#options.intervalMs ?? 250,
        reconcileMs: bus.reconcileMs ?? 10_000,
        retryMs: this.#options.retryMs ?? 500,
        onReject: (reason) => {
          watch.rejected ??= new Set();
          if (watch.rejected.has(reason)) return;
          watch.rejected.add(reason);
          bus.onReject?.(reason, watch.id);
        },
        onReadError: (error) => {
          this.#options.onError?.(error, watch.id);
          for (const watcher of [...watch.watchers]) safely(() => watcher.error?.(error));
        },
      },
      (record) => this.#publish(watch, record),
    );
    const ended = await reading.run(signal);
    if (ended !== 'aborted') this.#finish(watch, ended);
  }

  #publish(watch: Watch, record: OperationRecord): void {
    // A restarted loop yields the current record again: watchers only hear of real changes.
    const json = JSON.stringify(record);
    if (json === watch.latestJson) return;
    watch.latest = record;
    watch.latestJson = json;
    for (const watcher of [...watch.watchers]) safely(() => watcher.next(record));
  }

  #finish(watch: Watch, reason: WatchEnd): void {
    if (this.#watches.get(watch.id) === watch) this.#watches.delete(watch.id);
    const watchers = [...watch.watchers];
    watch.watchers.clear();
    watch.controller.abort();
    for (const watcher of watchers) safely(() => watcher.end(reason));
  }
}

/** One watcher's fault (a closed socket) must not stop the others or the loop. */
function safely(call: () => void): void {
  try {
    call();
  } catch {
    // The watcher cleans up through its own close handling.
  }
}
