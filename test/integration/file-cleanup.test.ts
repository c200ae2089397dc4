import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../packages/jobs/src/files/object-store';
import { operationFileKey } from '../../packages/jobs/src/files/operation-files';
import { jobRegistry } from '../../jobs';
import { ensureCleanupSchedule } from '../../services/worker/ensure-cleanup-schedule';
import {
  CLEANUP_SCHEDULE_ID,
  CLEANUP_WORKFLOW_TYPE,
  type OperationRecord,
} from '../../packages/client/src/contract/definitions';
import { newOperationId, startOperation } from '../../packages/client/src/temporal/index';
import { startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, testObjectStore, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';

let client: Client;
let objectStore: ObjectStore;
let worker: TestWorker;
const RETENTION_MS = 1000;

async function exists(key: string): Promise<boolean> {
  try {
    await objectStore.client.statObject(objectStore.bucket, key);
    return true;
  } catch {
    return false;
  }
}

async function finishedFileOperation(): Promise<OperationRecord> {
  const operation = await startTestOperation(client, {
    job: 'OperationExampleJob',
    params: { type: 'file', steps: 3, stepMs: 0 },
    userId: 'cleanup-user',
    taskQueue: worker.taskQueue,
  });
  return waitForOperation(client, operation.id, (record) => record.status === 'completed');
}

beforeAll(async () => {
  client = await testClient();
  objectStore = testObjectStore();
  worker = await startTestWorker({ retentionMs: RETENTION_MS, orphanGraceMs: 0 });
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
});

describe('file cleanup', () => {
  it('removes files of expired and unknown operations, keeps those of open ones', async () => {
    const expired = await finishedFileOperation();
    const expiredKey = expired.output.file!.key;
    const orphanKey = operationFileKey(newOperationId(), 'input');
    await objectStore.client.putObject(objectStore.bucket, orphanKey, Buffer.from('orphan'));
    const job = jobRegistry.get('OperationExampleJob')!;
    const openKey = operationFileKey('placeholder', 'input');
    const { operation: open } = await startOperation(
      client,
      { job: job.name, params: { type: 'input_file' }, userId: 'cleanup-user', run: job.run },
      { taskQueue: uniqueTaskQueue('nobody') },
    );
    const openObject = openKey.replace('placeholder', open.id);
    await objectStore.client.putObject(objectStore.bucket, openObject, Buffer.from('still needed'));
    const abandonedKey = operationFileKey(newOperationId(), 'input');
    await objectStore.client.initiateNewMultipartUpload(objectStore.bucket, abandonedKey, {});
    const unfinishedBefore = await objectStore.client.listIncompleteUploadsQuery(
      objectStore.bucket,
      'operations/',
      '',
      '',
      '',
    );
    expect(unfinishedBefore.uploads.map((upload) => upload.key)).toContain(abandonedKey);
    await new Promise((resolve) => setTimeout(resolve, RETENTION_MS + 200));

    const report = await client.workflow.execute(CLEANUP_WORKFLOW_TYPE, {
      taskQueue: worker.taskQueue,
      workflowId: `cleanup-${worker.taskQueue}`,
    });

    expect(report).toMatchObject({ objectsDeleted: expect.any(Number) });
    expect(await exists(expiredKey)).toBe(false);
    expect(await exists(orphanKey)).toBe(false);
    expect(await exists(openObject)).toBe(true);
    const unfinished = await objectStore.client.listIncompleteUploadsQuery(
      objectStore.bucket,
      'operations/',
      '',
      '',
      '',
    );
    expect(unfinished.uploads.map((upload) => upload.key)).not.toContain(abandonedKey);
    expect((report as { uploadsAborted: number }).uploadsAborted).toBeGreaterThanOrEqual(1);
    await client.workflow.getHandle(open.id).terminate('test done');
    await objectStore.client.removeObject(objectStore.bucket, openObject);
  });

  it('keeps one Schedule, created once and aligned by later workers', async () => {
    await ensureCleanupSchedule(client, { taskQueue: uniqueTaskQueue('schedule'), intervalMs: 3_600_000 });
    await ensureCleanupSchedule(client, { taskQueue: uniqueTaskQueue('schedule'), intervalMs: 1_800_000 });
    const handle = client.schedule.getHandle(CLEANUP_SCHEDULE_ID);
    const description = await handle.describe();
    expect(description.spec.intervals).toMatchObject([{ every: 1_800_000 }]);
    await handle.delete();
  });
});
