import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEANUP_WORKFLOW_TYPE } from '../../packages/client/src/contract/definitions';
import { operationFileKey } from '../../packages/jobs/src/files/operation-files';
import type { ObjectStore } from '../../packages/jobs/src/files/object-store';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { finished, waitForOperation } from '../helpers/operations';
import { startTestWorker, testObjectStore, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let worker: TestWorker;
let objectStore: ObjectStore;
const SHORT_MS = 1000;

beforeAll(async () => {
  api = await startTestApi();
  objectStore = testObjectStore();
  // Completed and failed operations keep their files 1 s; canceled ones the default hour.
  worker = await startTestWorker({
    taskQueue: api.taskQueue,
    retentionMs: 3_600_000,
    retentionByStatus: { completed: SHORT_MS, failed: SHORT_MS },
    orphanGraceMs: 3_600_000,
  });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

async function exists(key: string): Promise<boolean> {
  try {
    await objectStore.client.statObject(objectStore.bucket, key);
    return true;
  } catch {
    return false;
  }
}

async function finishedOperation(user: string, params: Record<string, unknown>, cancel = false) {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(user),
    payload: { job: 'OperationExampleJob', params },
  });
  expect(response.statusCode, response.body).toBe(201);
  const id: string = response.json().id;
  if (cancel) {
    await waitForOperation(api.client, id, (record) => record.status === 'running');
    await api.app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers: await authHeader(user) });
  }
  const record = await waitForOperation(api.client, id, finished);
  // The cleanup counts from the workflow's close, after its webhook step.
  await api.client.workflow
    .getHandle(id)
    .result()
    .catch(() => undefined);
  // A file of its own in the store, whatever its job made.
  const key = record.output.file?.key ?? operationFileKey(id, 'input');
  if (!record.output.file) await objectStore.client.putObject(objectStore.bucket, key, Buffer.from('kept?'));
  return { id, key };
}

const pin = async (method: 'POST' | 'GET' | 'DELETE', user: string, id: string) =>
  api.app.inject({ method, url: `/v1/operations/${id}/pin`, headers: await authHeader(user) });

async function cleanup(name: string) {
  await api.client.workflow.execute(CLEANUP_WORKFLOW_TYPE, {
    taskQueue: worker.taskQueue,
    workflowId: `cleanup-${name}-${worker.taskQueue}`,
  });
}

describe('retention per outcome, and pins', () => {
  it('removes files by their outcome’s retention, keeps pinned ones until unpinned', async () => {
    const owner = uniqueUser();
    const pinned = await finishedOperation(owner, { type: 'file', steps: 2 });
    const completed = await finishedOperation(owner, { type: 'file', steps: 2 });
    const failed = await finishedOperation(owner, { type: 'failed', stepMs: 10 });
    const canceled = await finishedOperation(owner, { type: 'cancellable', steps: 100, stepMs: 100 }, true);

    const stranger = uniqueUser();
    for (const method of ['POST', 'GET', 'DELETE'] as const) {
      expect((await pin(method, stranger, pinned.id)).statusCode).toBe(404);
    }
    expect((await pin('GET', owner, pinned.id)).statusCode).toBe(404);
    const pinnedNow = await pin('POST', owner, pinned.id);
    expect(pinnedNow.statusCode, pinnedNow.body).toBe(200);
    expect(pinnedNow.json()).toMatchObject({ operationId: pinned.id });
    // Pinning again keeps the first pin.
    expect((await pin('POST', owner, pinned.id)).json().pinnedAt).toBe(pinnedNow.json().pinnedAt);
    expect((await pin('GET', owner, pinned.id)).json().pinnedAt).toBe(pinnedNow.json().pinnedAt);

    await new Promise((resolve) => setTimeout(resolve, SHORT_MS + 300));
    await cleanup('first');
    expect(await exists(pinned.key)).toBe(true);
    expect(await exists(completed.key)).toBe(false);
    expect(await exists(failed.key)).toBe(false);
    expect(await exists(canceled.key)).toBe(true);

    expect((await pin('DELETE', owner, pinned.id)).statusCode).toBe(204);
    expect((await pin('GET', owner, pinned.id)).statusCode).toBe(404);
    await cleanup('second');
    expect(await exists(pinned.key)).toBe(false);
    expect(await exists(canceled.key)).toBe(true);
    // The pinned one's output is gone: its download now answers 410 (removed after the retention).
    const download = await api.app.inject({
      url: `/v1/operations/${pinned.id}/output-file`,
      headers: await authHeader(owner),
    });
    expect(download.statusCode).toBe(410);
    await objectStore.client.removeObject(objectStore.bucket, canceled.key);
  });
});
