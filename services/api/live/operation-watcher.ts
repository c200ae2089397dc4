import type { OperationRecord } from '@temporal-operations/client';

/** Why a watcher stops hearing about an operation. */
export type WatchEnd = 'finished' | 'missing' | 'closed';

/** One consumer of an operation's changes (an SSE connection, a test). */
export interface OperationWatcher {
  /** The current record: at once when the hub already knows it, then after every change. */
  next(record: OperationRecord): void;
  /** Reading failed; the hub retries by itself while watchers remain. */
  error?(error: unknown): void;
  /** No more records: after the final one, when there is no such operation, or when the hub closes. */
  end(reason: WatchEnd): void;
}
