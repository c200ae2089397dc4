import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import { WebhookReceiver, webhookSecret } from '../helpers/webhook-receiver';
import { startWorkerProcess } from '../helpers/worker-process';

const secret = webhookSecret();
const receiver = new WebhookReceiver(secret);
let client: Client;
let worker: TestWorker;
const userId = `webhook-user-${Date.now()}`;

const start = (params: unknown, taskQueue = worker.taskQueue) =>
  startTestOperation(client, { job: 'OperationExampleJob', params, userId, taskQueue });
const delivered = (record: OperationRecord) => record.webhook?.status === 'delivered';
const messagesOf = (id: string) => receiver.received.filter((message) => message.payload.data.id === id);

beforeAll(async () => {
  await receiver.start();
  client = await testClient();
  worker = await startTestWorker({ webhooks: { defaults: [{ url: receiver.url, secret }] } });
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
  await receiver.stop();
});

describe('signed webhooks', () => {
  it('posts the completed operation once, signed, with a stable webhook-id and no file keys', async () => {
    const { id } = await start({ type: 'file', steps: 2 });
    const record = await waitForOperation(client, id, delivered);
    expect(record).toMatchObject({
      status: 'completed',
      webhook: { event: 'operation.completed', status: 'delivered', attempts: 1, error: null },
    });
    const [message, ...more] = messagesOf(id);
    expect(more).toEqual([]);
    expect(message!.id).toBe(`msg_${id}_completed`);
    expect(message!.payload).toMatchObject({
      type: 'operation.completed',
      timestamp: record.closedAt,
      data: {
        id,
        status: 'completed',
        userId,
        output: { file: { name: 'example.csv', url: `/v1/operations/${id}/output-file` } },
        links: { self: `/v1/operations/${id}` },
      },
    });
    expect(JSON.stringify(message!.payload)).not.toContain('"key"');
    expect(receiver.rejected).toBe(0);
  });

  it('announces failed and canceled operations too', async () => {
    const failed = await start({ type: 'failed', stepMs: 50 });
    expect((await waitForOperation(client, failed.id, delivered)).status).toBe('failed');
    expect(messagesOf(failed.id).map((message) => message.payload.type)).toEqual(['operation.failed']);
    expect(messagesOf(failed.id)[0]!.payload.data.error).toEqual({ message: 'This is the operation error message' });

    const canceled = await start({ type: 'cancellable', steps: 100, stepMs: 100 });
    await waitForOperation(client, canceled.id, (record) => (record.percentage ?? 0) > 0);
    await client.workflow.getHandle(canceled.id).cancel();
    expect((await waitForOperation(client, canceled.id, delivered)).status).toBe('canceled');
    expect(messagesOf(canceled.id).map((message) => message.id)).toEqual([`msg_${canceled.id}_canceled`]);
  });

  it('shows the operation finished at once while the receiver is down, and delivers once it is back', async () => {
    await receiver.stop();
    try {
      const { id } = await start({ type: 'success', steps: 1, stepMs: 10 });
      // The operation's own end is not held up by its webhook.
      const pending = await waitForOperation(client, id, (record) => Boolean(record.webhook?.error));
      expect(pending).toMatchObject({ status: 'completed', webhook: { status: 'pending' } });
      expect(pending.webhook!.attempts).toBeGreaterThanOrEqual(1);
      expect(pending.webhook!.lastAttemptAt).not.toBeNull();
      expect(pending.closedAt).not.toBeNull();
      expect(pending.webhook!.error).toMatch(/^http:\/\/127\.0\.0\.1:\d+ is unreachable/);
      expect(pending.webhook!.error).not.toContain('/hooks');
      // Down for a few retries (1 s, 2 s, …), then back.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await receiver.start();
      const record = await waitForOperation(client, id, delivered, 40_000);
      expect(record.webhook!.attempts).toBeGreaterThan(1);
      expect(messagesOf(id).map((message) => message.id)).toEqual([`msg_${id}_completed`]);
    } finally {
      await receiver.start();
    }
  });

  it('keeps no webhook on the record and schedules no delivery when the worker has no endpoint for the job', async () => {
    const plain = await startTestWorker();
    try {
      const { id } = await start({ type: 'success', steps: 1, stepMs: 10 }, plain.taskQueue);
      const record = await waitForOperation(client, id, finished);
      const handle = client.workflow.getHandle(id);
      await handle.result();
      expect(record.webhook ?? null).toBeNull();
      expect((await waitForOperation(client, id, () => true)).webhook ?? null).toBeNull();
      expect(messagesOf(id)).toEqual([]);
      // The workflow closed in the task that made the record final: one activity (the job's) in all.
      const { events } = await handle.fetchHistory();
      expect(events?.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(1);
    } finally {
      await plain.stop();
    }
  });

  it('delivers after the worker dies mid-delivery, with the same webhook-id (at least once)', async () => {
    const taskQueue = uniqueTaskQueue('webhook-crash');
    const doomed = await startWorkerProcess(client, taskQueue, { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: secret });
    receiver.hold = true;
    let rescuer: TestWorker | undefined;
    try {
      const { id } = await start({ type: 'success', steps: 1, stepMs: 10 }, taskQueue);
      const until = Date.now() + 30_000;
      while (messagesOf(id).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(messagesOf(id)).toHaveLength(1);
      await doomed.kill('SIGKILL');
      receiver.hold = false;
      rescuer = await startTestWorker({ taskQueue, webhooks: { defaults: [{ url: receiver.url, secret }] } });
      // The lost attempt is noticed by its heartbeat timeout (15 s), then retried by the rescuer.
      const record = await waitForOperation(client, id, delivered, 60_000);
      expect(record.webhook!.attempts).toBeGreaterThanOrEqual(2);
      const ids = messagesOf(id).map((message) => message.id);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(ids)).toEqual(new Set([`msg_${id}_completed`]));
    } finally {
      receiver.hold = false;
      await doomed.kill('SIGKILL');
      await rescuer?.stop();
    }
  }, 120_000);
});
