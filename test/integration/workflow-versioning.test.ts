import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_DELAY_PATCH } from '../replay/workflow-changes/patched-change';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import { bundleWorkflows } from '../../services/worker/workflow-bundle';

let client: Client;
const workers: TestWorker[] = [];

beforeAll(async () => {
  client = await testClient();
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await client?.connection.close();
});

/** The patch ids recorded in an operation's history: the paths of changed code it took. */
async function patchesTaken(id: string): Promise<string[]> {
  const { events } = await client.workflow.getHandle(id).fetchHistory();
  return (events ?? [])
    .map((event) => event.markerRecordedEventAttributes)
    .filter((marker) => marker?.markerName === 'core_patch')
    .map(
      (marker) => defaultPayloadConverter.fromPayload<{ id: string }>(marker!.details!['patch-data']!.payloads![0]!).id,
    );
}

describe('a workflow change deployed while an operation runs', () => {
  it('lets the operation started on the old code complete on the new worker', async () => {
    const taskQueue = uniqueTaskQueue('versioning');
    const oldWorker = await startTestWorker({ taskQueue, shutdownGraceMs: 200 });
    workers.push(oldWorker);
    const start = () =>
      startTestOperation(client, {
        job: 'OperationExampleJob',
        params: { type: 'progress', steps: 8, stepMs: 250 },
        userId: 'versioning-user',
        taskQueue,
      });
    const inFlight = await start();
    await waitForOperation(client, inFlight.id, (record) => (record.percentage ?? 0) >= 25);

    // The deploy: the old worker stops (its job is handed back), a worker with the changed code starts.
    await oldWorker.stop();
    const code = await bundleWorkflows({
      path: fileURLToPath(new URL('../replay/workflow-changes/patched-change.ts', import.meta.url)),
      logger: new DefaultLogger('WARN'),
    });
    workers.push(await startTestWorker({ taskQueue, workflowBundleCode: code }));

    const record = await waitForOperation(client, inFlight.id, finished, 60_000);
    expect(record.status).toBe('completed');
    expect(record.output.message).toBe('Completed 8 steps');
    // It kept the old path: no marker of the demo patch in its history (today's own patches, such
    // as the webhook delivery after the job, are taken by every new operation).
    expect(await patchesTaken(inFlight.id)).not.toContain(START_DELAY_PATCH);

    // An operation started after the deploy takes the new path.
    const next = await start();
    expect((await waitForOperation(client, next.id, finished, 60_000)).status).toBe('completed');
    expect(await patchesTaken(next.id)).toContain(START_DELAY_PATCH);
  });
});
