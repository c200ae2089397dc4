import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { FINISHED_STATUSES, type OperationRecord } from '../contract/definitions';
import { readOperation, type WorkflowRecordCache } from './read-operation';

export interface WatchOptions {
  /** Time between reads while the operation runs. @default 250 */
  intervalMs?: number;
  deadlineMs?: number;
  /** Stops the watch. */
  signal?: AbortSignal;
}

/**
 * Yields the operation at once, then each time it changes, and ends after its final state.
 * One `describe` per interval (plus a query when the workflow's history grew), whatever the
 * number of consumers the caller fans it out to. Ends at once when there is no such operation.
 */
export async function* watchOperation(
  client: Client,
  id: string,
  options: WatchOptions = {},
): AsyncGenerator<OperationRecord, void, undefined> {
  const cache: WorkflowRecordCache = {};
  let last = '';
  while (!options.signal?.aborted) {
    const record = await readOperation(client, id, { deadlineMs: options.deadlineMs, cache });
    if (!record) return;
    const json = JSON.stringify(record);
    if (json !== last) {
      last = json;
      yield record;
    }
    if (FINISHED_STATUSES.includes(record.status)) return;
    try {
      await delay(options.intervalMs ?? 250, undefined, { signal: options.signal });
    } catch {
      return; // aborted
    }
  }
}
