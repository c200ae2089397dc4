import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports';
import type { OperationRecord } from '../../workflows/definitions';
import { startTestOperation, waitForOperation } from '../helpers/operations';
import { testClient, uniqueTaskQueue } from '../helpers/test-worker';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

let client: Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  client = await testClient();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
  await client?.connection.close();
});

const start = (taskQueue: string, params: Record<string, unknown>) =>
  startTestOperation(client, { job: 'OperationExampleJob', params, userId: 'worker-process-user', taskQueue });
/** The operation workflow's heartbeat timeout: a worker that vanished is noticed only after this. */
const HEARTBEAT_TIMEOUT_MS = 10_000;

const waitFor = (id: string, done: (record: OperationRecord) => boolean) => waitForOperation(client, id, done, 60_000);

describe('the worker process', () => {
  it('serves Prometheus metrics of finished jobs on WORKER_METRICS_PORT', async () => {
    const taskQueue = uniqueTaskQueue('metrics');
    const port = await freePort();
    const worker = await startWorkerProcess(client, taskQueue, { WORKER_METRICS_PORT: String(port) });
    workers.push(worker);
    const operation = await start(taskQueue, { type: 'action' });
    await waitFor(operation.id, (record) => record.status === 'completed');
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('operation_job_attempts_total{job="OperationExampleJob",outcome="completed"} 1');
    expect(text).toContain('operation_job_duration_seconds_bucket');
    await worker.kill('SIGTERM');
  });

  it('stops on SIGTERM and hands a running job back to another worker before the heartbeat timeout', async () => {
    const taskQueue = uniqueTaskQueue('sigterm');
    // Both ready first, so the time the hand-back takes is its own, not a process start's.
    const pair = [
      await startWorkerProcess(client, taskQueue, { WORKER_SHUTDOWN_GRACE_MS: '500' }),
      await startWorkerProcess(client, taskQueue, { WORKER_SHUTDOWN_GRACE_MS: '500' }),
    ];
    workers.push(...pair);
    const operation = await start(taskQueue, { type: 'progress', steps: 10, stepMs: 300 });
    await waitFor(operation.id, (record) => (record.percentage ?? 0) >= 20);
    const description = await client.workflow.getHandle(operation.id).describe();
    const runningOn = description.raw.pendingActivities?.[0]?.lastWorkerIdentity ?? '';
    const [first, second] = runningOn.startsWith(`${pair[0]!.child.pid}@`) ? pair : [pair[1]!, pair[0]!];
    expect(runningOn).toMatch(new RegExp(`^${first!.child.pid}@`));

    const stoppedAt = Date.now();
    await first!.kill('SIGTERM');
    expect(first!.child.exitCode).toBe(0);
    const record = await waitFor(operation.id, (r) => r.status === 'completed');
    expect(record.logs.map((log) => log.message)).toEqual(Array.from({ length: 10 }, (_, i) => `Step ${i + 1} of 10`));

    // The last attempt ran on the other worker, started well before a lost worker would be noticed.
    const history = await client.workflow.getHandle(operation.id).fetchHistory();
    const started = history.events?.find((event) => event.activityTaskStartedEventAttributes);
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(2);
    expect(started?.activityTaskStartedEventAttributes?.identity).toMatch(new RegExp(`^${second!.child.pid}@`));
    const startedAt = Number(started?.eventTime?.seconds ?? 0) * 1000 + (started?.eventTime?.nanos ?? 0) / 1e6;
    expect(startedAt).toBeGreaterThan(stoppedAt - 1000);
    expect(startedAt - stoppedAt).toBeLessThan(HEARTBEAT_TIMEOUT_MS);
  }, 150_000);
});
