import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CleanupReport } from '@temporal-operations/client';
import type { ObjectStore } from '../files/object-store';

export interface CleanupFilesDependencies {
  client: Client;
  objectStore: ObjectStore;
  /** Files of operations closed longer ago than this are removed. */
  retentionMs: number;
  /** Files with no operation at all (an upload whose start failed) are removed after this. */
  orphanGraceMs: number;
}

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
export function createCleanupFiles({ client, objectStore, retentionMs, orphanGraceMs }: CleanupFilesDependencies) {
  return async function cleanupOperationFiles(): Promise<CleanupReport> {
    const byOperation = await listByOperation(objectStore);
    const now = Date.now();
    let objectsDeleted = 0;
    let operationsChecked = 0;
    for (const [operationId, objects] of byOperation) {
      Context.current().heartbeat({ operationsChecked });
      operationsChecked++;
      if (!(await expired(client, operationId, objects, now, retentionMs, orphanGraceMs))) continue;
      await objectStore.client.removeObjects(objectStore.bucket, objects.keys);
      objectsDeleted += objects.keys.length;
    }
    const uploadsAborted = await abortAbandonedUploads(objectStore, now - orphanGraceMs);
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

async function expired(
  client: Client,
  operationId: string,
  objects: OperationObjects,
  now: number,
  retentionMs: number,
  orphanGraceMs: number,
): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(operationId).describe();
    const closedAt = description.closeTime?.getTime();
    return closedAt !== undefined && now - closedAt > retentionMs;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    // Gone from Temporal (past its retention) or never started: wait out uploads still being started.
    return now - objects.newest > orphanGraceMs;
  }
}
