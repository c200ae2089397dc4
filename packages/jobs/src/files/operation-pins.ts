import type { ObjectStore } from './object-store';
import { isMissingObject } from './object-store-error';

/** Where pins live: one empty object per pinned operation, outside the operations' own prefix. */
export const PINS_PREFIX = 'pins/';

/**
 * Operations whose files the cleanup keeps past their retention, as their owner asked. Kept
 * in the object store beside the files they protect, so the API (which pins) and the worker's
 * cleanup (which reads them) agree with no other store, across processes and restarts.
 */
export class OperationPins {
  constructor(private readonly objectStore: ObjectStore) {}

  async pin(operationId: string): Promise<Date> {
    const { client, bucket } = this.objectStore;
    await client.putObject(bucket, keyOf(operationId), Buffer.alloc(0), 0, { 'Content-Type': 'text/plain' });
    // The store's own time (whole seconds), as every later read reports it.
    return (await this.pinnedAt(operationId)) ?? new Date();
  }

  /** False when it was not pinned. */
  async unpin(operationId: string): Promise<boolean> {
    if (!(await this.pinnedAt(operationId))) return false;
    await this.objectStore.client.removeObject(this.objectStore.bucket, keyOf(operationId));
    return true;
  }

  /** When it was pinned, or null. */
  async pinnedAt(operationId: string): Promise<Date | null> {
    try {
      return (await this.objectStore.client.statObject(this.objectStore.bucket, keyOf(operationId))).lastModified;
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
  }

  /** Every pinned operation id: one listing per cleanup run. */
  async pinnedIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    const { client, bucket } = this.objectStore;
    for await (const item of client.listObjectsV2(bucket, PINS_PREFIX, true) as AsyncIterable<{ name?: string }>) {
      const id = item.name?.slice(PINS_PREFIX.length);
      if (id) ids.add(id);
    }
    return ids;
  }

  /** Drops the pin of an operation Temporal no longer knows: its files are gone with it. */
  async forget(operationId: string): Promise<void> {
    await this.objectStore.client.removeObject(this.objectStore.bucket, keyOf(operationId));
  }
}

function keyOf(operationId: string): string {
  return `${PINS_PREFIX}${operationId}`;
}
