/**
 * Records the replay histories of test/replay/histories/: one real run of every path of every
 * workflow, on this run's Temporal dev server, exported as Temporal's JSON history. Run it with
 * `npm run replay:record` when a workflow gains a path; `npm test` never runs it, and it never
 * overwrites a saved history (old histories are the point: they are what operations in flight
 * look like). Delete a file first to record it anew.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBinary, TEMPORAL_CLI } from '../../dev/binaries';
import { CLEANUP_WORKFLOW_TYPE } from '../../packages/client/src/contract/definitions';
import { answerQuestion, cancelOperation } from '../../packages/client/src/temporal/index';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
import { WebhookReceiver, webhookSecret } from '../helpers/webhook-receiver';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import { startWorkerProcess } from '../helpers/worker-process';
import { testServices, workflowBundlePath } from '../helpers/test-services';

const execFileAsync = promisify(execFile);
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const userId = 'replay-user';

let client: Client;
let worker: TestWorker;

beforeAll(async () => {
  client = await testClient();
  worker = await startTestWorker();
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
});

/**
 * Saves the workflow's history under `name`, unless a history of that name is already saved.
 * Exported by the Temporal CLI (`workflow show --output json`), the form every Temporal tool reads.
 */
async function save(name: string, workflowId: string): Promise<void> {
  const path = `${historiesDir}${name}.json`;
  if (existsSync(path)) return console.log(`kept the saved ${name}.json`);
  const cli = await resolveBinary(TEMPORAL_CLI, (line) => console.log(line));
  const { temporalAddress, namespace } = testServices();
  const { stdout } = await execFileAsync(
    cli.path,
    [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--address',
      temporalAddress,
      '--namespace',
      namespace,
      '--output',
      'json',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const history = JSON.parse(stdout) as { events: unknown[] };
  await writeFile(path, `${JSON.stringify(history, null, 2)}\n`);
  console.log(`recorded ${name}.json (${history.events.length} events)`);
}

const start = (params: unknown, taskQueue = worker.taskQueue) =>
  startTestOperation(client, { job: 'OperationExampleJob', params, userId, taskQueue });

describe('operationWorkflow', () => {
  it('completed', async () => {
    const { id } = await start({ type: 'progress', steps: 3, stepMs: 50 });
    expect((await waitForOperation(client, id, finished)).status).toBe('completed');
    await save('operation-completed', id);
  });

  it('completed with an output file', async () => {
    const { id } = await start({ type: 'file', steps: 3 });
    expect((await waitForOperation(client, id, finished)).output.file).not.toBeNull();
    await save('operation-completed-with-file', id);
  });

  it('failed', async () => {
    const { id } = await start({ type: 'failed', stepMs: 50 });
    expect((await waitForOperation(client, id, finished)).status).toBe('failed');
    await save('operation-failed', id);
  });

  it('canceled while running', async () => {
    const { id } = await start({ type: 'cancellable', steps: 100, stepMs: 100 });
    await waitForOperation(client, id, (record) => (record.percentage ?? 0) > 0);
    await cancelOperation(client, id);
    expect((await waitForOperation(client, id, finished)).status).toBe('canceled');
    await save('operation-canceled-while-running', id);
  });

  it('canceled while created (no worker had picked the job up)', async () => {
    // A worker with the workflows and no activities: the job stays scheduled, never started.
    const taskQueue = uniqueTaskQueue('replay-created');
    const connection = await NativeConnection.connect({ address: testServices().temporalAddress });
    const workflowsOnly = await Worker.create({
      connection,
      namespace: testServices().namespace,
      taskQueue,
      workflowBundle: { codePath: workflowBundlePath() },
    });
    await workflowsOnly.runUntil(async () => {
      const { id } = await start({ type: 'progress', steps: 1, stepMs: 50 }, taskQueue);
      const handle = client.workflow.getHandle(id);
      // The workflow task that schedules the job has run once the activity is pending.
      while (((await handle.describe()).raw.pendingActivities?.length ?? 0) === 0) await sleep(100);
      await cancelOperation(client, id);
      expect((await waitForOperation(client, id, finished)).status).toBe('canceled');
      await save('operation-canceled-while-created', id);
    });
    await connection.close();
  });

  it('retried after a worker crash', async () => {
    const taskQueue = uniqueTaskQueue('replay-crash');
    const doomed = await startWorkerProcess(client, taskQueue);
    try {
      const { id } = await start({ type: 'progress', steps: 10, stepMs: 300 }, taskQueue);
      await waitForOperation(client, id, (record) => (record.percentage ?? 0) >= 20, 60_000);
      await doomed.kill('SIGKILL');
      const rescuer = await startTestWorker({ taskQueue });
      try {
        expect((await waitForOperation(client, id, finished, 90_000)).status).toBe('completed');
      } finally {
        await rescuer.stop();
      }
      await save('operation-retried-after-worker-crash', id);
    } finally {
      await doomed.kill('SIGKILL');
    }
  });
});

describe('operationWorkflow with a question', () => {
  const waiting = (record: { status: string }) => record.status === 'waiting';

  it('asked and answered', async () => {
    const { id } = await start({ type: 'input_form' });
    await waitForOperation(client, id, waiting);
    await answerQuestion(client, id, { questionId: 'q1', answer: { number: 4, colour: 'red' } });
    expect((await waitForOperation(client, id, finished)).output.message).toBe('You chose 4 and red');
    await save('operation-asked-answered', id);
  });

  it('asked for approval, approved, wrote its file', async () => {
    const { id } = await start({ type: 'approval', steps: 2 });
    await waitForOperation(client, id, waiting);
    await answerQuestion(client, id, { questionId: 'q1', answer: { approved: true } });
    expect((await waitForOperation(client, id, finished)).output.file).not.toBeNull();
    await save('operation-asked-approved', id);
  });

  it('question expired', async () => {
    const { id } = await start({ type: 'input_form', answerTimeoutMs: 500 });
    expect((await waitForOperation(client, id, finished)).status).toBe('failed');
    await save('operation-question-expired', id);
  });

  it('question expired, answered by its default', async () => {
    const { id } = await start({ type: 'input_form', answerTimeoutMs: 500, whenUnanswered: 'default' });
    expect((await waitForOperation(client, id, finished)).output.message).toBe('You chose 1 and red');
    await save('operation-question-expired-default', id);
  });

  it('canceled while waiting', async () => {
    const { id } = await start({ type: 'approval' });
    await waitForOperation(client, id, waiting);
    await cancelOperation(client, id);
    expect((await waitForOperation(client, id, finished)).status).toBe('canceled');
    await save('operation-canceled-while-waiting', id);
  });
});

describe('operationWorkflow with its webhook (patch webhook-delivery)', () => {
  const secret = webhookSecret();
  const receiver = new WebhookReceiver(secret);
  let announcing: TestWorker;

  beforeAll(async () => {
    await receiver.start();
    announcing = await startTestWorker({ webhooks: { defaults: [{ url: receiver.url, secret }] } });
  });

  afterAll(async () => {
    await announcing?.stop();
    await receiver.stop();
  });

  const delivered = (record: OperationRecord) => record.webhook?.status === 'delivered';
  const startAnnounced = (params: unknown) => start(params, announcing.taskQueue);

  it('completed, webhook delivered', async () => {
    const { id } = await startAnnounced({ type: 'progress', steps: 3, stepMs: 50 });
    expect((await waitForOperation(client, id, delivered)).status).toBe('completed');
    await save('operation-completed-webhook', id);
  });

  it('failed, webhook delivered', async () => {
    const { id } = await startAnnounced({ type: 'failed', stepMs: 50 });
    expect((await waitForOperation(client, id, delivered)).status).toBe('failed');
    await save('operation-failed-webhook', id);
  });

  it('canceled while running, webhook delivered', async () => {
    const { id } = await startAnnounced({ type: 'cancellable', steps: 100, stepMs: 100 });
    await waitForOperation(client, id, (record) => (record.percentage ?? 0) > 0);
    await cancelOperation(client, id);
    expect((await waitForOperation(client, id, delivered)).status).toBe('canceled');
    await save('operation-canceled-webhook', id);
  });

  it('completed, webhook retried while the receiver was down', async () => {
    await receiver.stop();
    const { id } = await startAnnounced({ type: 'success', steps: 1, stepMs: 10 });
    await waitForOperation(client, id, (record) => Boolean(record.webhook?.error));
    await receiver.start();
    expect((await waitForOperation(client, id, delivered)).webhook?.attempts).toBeGreaterThan(1);
    await save('operation-completed-webhook-retried', id);
  });

  it('completed, no webhook endpoint for the job', async () => {
    // Saved before the webhook-skip-without-endpoints patch: its delivery activity answered "skipped".
    const { id } = await start({ type: 'success', steps: 1, stepMs: 10 });
    await waitForOperation(client, id, finished);
    await client.workflow.getHandle(id).result();
    await save('operation-completed-webhook-skipped', id);
  });

  it('completed, webhook delivered after the endpoint check (patch webhook-skip-without-endpoints)', async () => {
    const { id } = await startAnnounced({ type: 'success', steps: 1, stepMs: 10 });
    expect((await waitForOperation(client, id, delivered)).status).toBe('completed');
    await save('operation-completed-webhook-checked', id);
  });
});

describe('operationWorkflow without webhook endpoints (patch webhook-skip-without-endpoints)', () => {
  it('completed: closes with its final record, no delivery', async () => {
    const { id } = await start({ type: 'success', steps: 1, stepMs: 10 });
    expect(((await client.workflow.getHandle(id).result()) as OperationRecord).status).toBe('completed');
    await save('operation-completed-no-endpoints', id);
  });

  it('failed: closes with its final record, no delivery', async () => {
    const { id } = await start({ type: 'failed', stepMs: 50 });
    await expect(client.workflow.getHandle(id).result()).rejects.toThrow();
    await save('operation-failed-no-endpoints', id);
  });
});

describe('cleanupFilesWorkflow', () => {
  it('completed', async () => {
    const workflowId = `replay-cleanup-${Date.now()}`;
    await client.workflow.execute(CLEANUP_WORKFLOW_TYPE, { taskQueue: worker.taskQueue, workflowId });
    await save('cleanup-completed', workflowId);
  });
});
