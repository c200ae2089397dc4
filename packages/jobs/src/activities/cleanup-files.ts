import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { operationStatusSearchAttribute, type CleanupReport, type OperationStatus } from '@temporal-operations/client';
import type { ObjectStore } from '../files/object-store';
import { OperationPins } from '../files/operation-pins';
import { MAX_SHARE_SECONDS, SHARES_PREFIX } from '../files/share-files';

export interface CleanupFilesDependencies {
  client: Client;
  objectStore: ObjectStore;
  /** Files of operations closed longer ago than this are removed. */
  retentionMs: number;
  /** The retention per final status, where it differs from `retentionMs`. */
  retentionByStatus?: Partial<Record<OperationStatus, number>>;
  /** Files with no operation at all (an upload whose start failed) are removed after this. */
  orphanGraceMs: number;
}

/** The cleanup's options as a worker is given them: the object store is the worker's own. */
export type CleanupOptions = Omit<CleanupFilesDependencies, 'objectStore'>;

interface OperationObjects {
  keys: string[];
  newest: number;
}

const PREFIX = 'operations/';

/**
 * The Lato cleaner done durably: removes the files of operations that closed more than the
 * retention ago or that Temporal no longer knows, uploads that never became an operation, and
 * multipart uploads left unfinished.
 */
export function createCleanupFiles(dependencies: CleanupFilesDependencies) {
  const { objectStore } = dependencies;
  const pins = new OperationPins(objectStore);
  return async function cleanupOperationFiles(): Promise<CleanupReport> {
    const byOperation = await listByOperation(objectStore);
    const pinned = await pins.pinnedIds();
    const now = Date.now();
    let objectsDeleted = 0;
    let operationsChecked = 0;
    for (const [operationId, objects] of byOperation) {
      Context.current().heartbeat({ operationsChecked });
      operationsChecked++;
      const verdict = await expired(dependencies, operationId, objects, now);
      // A pin keeps the files while Temporal knows the operation; once it does not, nothing could serve them.
      if (verdict === 'keep' || (verdict === 'expired' && pinned.has(operationId))) continue;
      await objectStore.client.removeObjects(objectStore.bucket, objects.keys);
      objectsDeleted += objects.keys.length;
      if (verdict === 'unknown' && pinned.has(operationId)) await pins.forget(operationId);
    }
    const uploadsAborted = await abortAbandonedUploads(objectStore, now - dependencies.orphanGraceMs);
    await removeStaleShares(objectStore, now);
    log.info('Cleaned operation files', { operationsChecked, objectsDeleted, uploadsAborted });
    return { operationsChecked, objectsDeleted, uploadsAborted };
  };
}

async function listByOperation(objectStore: ObjectStore): Promise<Map<string, OperationObjects>> {
  const byOperation = new Map<string, OperationObjects>();
  const stream = objectStore.client.listObjectsV2(objectStore.bucket, PREFIX, true);
  for await (const item of stream as AsyncIterable<{ name?: string; lastModified?: Date }>) {
    const operationId = item.name?.slice(PREFIX.length).split('/')[0];
    if (!item.name || !operationId) continue;
    const entry = byOperation.get(operationId) ?? { keys: [], newest: 0 };
    entry.keys.push(item.name);
    entry.newest = Math.max(entry.newest, item.lastModified?.getTime() ?? 0);
    byOperation.set(operationId, entry);
  }
  return byOperation;
}

/** Share links (`shares/<operation>/<share>.json`) older than their longest life, with a day's margin, are past use. */
const SHARE_MAX_AGE_MS = (MAX_SHARE_SECONDS + 86_400) * 1000;

async function removeStaleShares(objectStore: ObjectStore, now: number): Promise<void> {
  const stale: string[] = [];
  const listing = objectStore.client.listObjectsV2(objectStore.bucket, SHARES_PREFIX, true);
  for await (const item of listing as AsyncIterable<{ name?: string; lastModified?: Date }>) {
    if (item.name && now - (item.lastModified?.getTime() ?? now) > SHARE_MAX_AGE_MS) stale.push(item.name);
  }
  if (stale.length > 0) await objectStore.client.removeObjects(objectStore.bucket, stale);
}

/** Multipart uploads started before `before` and never completed (their request died with the store). */
async function abortAbandonedUploads(objectStore: ObjectStore, before: number): Promise<number> {
  const { client, bucket } = objectStore;
  let aborted = 0;
  let keyMarker = '';
  let uploadIdMarker = '';
  for (;;) {
    const page = await client.listIncompleteUploadsQuery(bucket, PREFIX, keyMarker, uploadIdMarker, '');
    for (const upload of page.uploads) {
      if (upload.initiated.getTime() >= before) continue;
      await client.abortMultipartUpload(bucket, upload.key, upload.uploadId);
      aborted++;
    }
    if (!page.isTruncated) return aborted;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
}

/** Whether an operation's files go: past its outcome's retention, unknown to Temporal, or kept. */
async function expired(
  { client, retentionMs, retentionByStatus = {}, orphanGraceMs }: CleanupFilesDependencies,
  operationId: string,
  objects: OperationObjects,
  now: number,
): Promise<'keep' | 'expired' | 'unknown'> {
  try {
    const description = await client.workflow.getHandle(operationId).describe();
    const closedAt = description.closeTime?.getTime();
    // The status attribute is final once the workflow closes (a terminated one keeps its last: the default applies).
    const status = description.typedSearchAttributes.get(operationStatusSearchAttribute) as OperationStatus | undefined;
    const retention = (status && retentionByStatus[status]) ?? retentionMs;
    return closedAt !== undefined && now - closedAt > retention ? 'expired' : 'keep';
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    // Gone from Temporal (past its retention) or never started: wait out uploads still being started.
    return now - objects.newest > orphanGraceMs ? 'unknown' : 'keep';
  }
}
