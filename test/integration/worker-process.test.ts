import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
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
  it('serves job, process and SDK metrics on WORKER_METRICS_PORT', async () => {
    const taskQueue = uniqueTaskQueue('metrics');
    const port = await freePort();
    const worker = await startWorkerProcess(client, taskQueue, { WORKER_METRICS_PORT: String(port) });
    workers.push(worker);
    const operation = await start(taskQueue, { type: 'action' });
    await waitFor(operation.id, (record) => record.status === 'completed');
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    // The jobs, counted by the worker itself.
    expect(text).toContain('operation_job_attempts_total{job="OperationExampleJob",outcome="completed"} 1');
    expect(text).toContain('operation_job_duration_seconds_bucket');
    // The process, under prom-client's standard names.
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // The SDK's own exporter: slots, polls, schedule-to-start, on this worker's task queue.
    expect(text).toMatch(new RegExp(`^temporal_worker_task_slots_available\\{[^}]*task_queue="${taskQueue}"`, 'm'));
    expect(text).toMatch(
      new RegExp(`^temporal_long_request_latency_bucket\\{[^}]*operation="PollActivityTaskQueue"`, 'm'),
    );
    expect(text).toMatch(/^temporal_activity_schedule_to_start_latency_bucket\{/m);
    expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/m);
    expect(sampleValue(text, 'temporal_request', 'operation="RespondActivityTaskCompleted"')).toBeGreaterThan(0);
    expect(text).not.toContain('SDK metrics unavailable');
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

/** The value of the first sample of `name` whose labels contain `labelText`, or NaN. */
function sampleValue(text: string, name: string, labelText = ''): number {
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && l.includes(labelText));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}
