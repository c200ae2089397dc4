import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../packages/jobs/src/files/object-store';
import { CLEANUP_WORKFLOW_TYPE, type JobProgress } from '../../packages/client/src/contract/definitions';
import { faultJobRegistry, LARGE_OUTPUT_BYTES, largeOutputSha256 } from '../helpers/fault-jobs';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { incompleteUploads, storedKeys } from '../helpers/stored-objects';
import { startTestWorker, testClient, testObjectStore, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import { faultJobsWorkerEntry, startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

let client: Client;
let objectStore: ObjectStore;
let scratch: string;
const processes: WorkerProcess[] = [];
const workers: TestWorker[] = [];

beforeAll(async () => {
  client = await testClient();
  objectStore = testObjectStore();
  scratch = await mkdtemp(join(tmpdir(), 'worker-crash-'));
});

afterAll(async () => {
  await Promise.all(processes.map((worker) => worker.kill('SIGKILL')));
  await Promise.all(workers.map((worker) => worker.stop()));
  await client?.connection.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function faultWorkerProcess(taskQueue: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const worker = await startWorkerProcess(client, taskQueue, env, faultJobsWorkerEntry);
  processes.push(worker);
  return worker;
}

async function inProcessWorker(taskQueue: string, options: { orphanGraceMs?: number } = {}): Promise<TestWorker> {
  const worker = await startTestWorker({ taskQueue, jobs: faultJobRegistry, ...options });
  workers.push(worker);
  return worker;
}

const start = (job: string, params: unknown, taskQueue: string) =>
  startTestOperation(client, { job, params, userId: 'crash-user', taskQueue, jobs: faultJobRegistry });

/** What Temporal holds as the job activity's last heartbeat, checkpoint included. */
async function heartbeatOf(id: string): Promise<JobProgress | undefined> {
  const description = await client.workflow.getHandle(id).describe();
  const payload = description.raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0];
  if (!payload) return undefined;
  return client.options.loadedDataConverter.payloadConverter.fromPayload(payload as Payload) as JobProgress;
}

/** The attempt and the worker of the job activity's last start, from the closed workflow's history. */
async function lastStartOf(id: string): Promise<{ attempt: number; identity: string; at: number }> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  const event = history.events?.find((e) => e.activityTaskStartedEventAttributes);
  const attributes = event?.activityTaskStartedEventAttributes;
  return {
    attempt: attributes?.attempt ?? 0,
    identity: attributes?.identity ?? '',
    at: Number(event?.eventTime?.seconds ?? 0) * 1000 + Math.floor((event?.eventTime?.nanos ?? 0) / 1e6),
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(100);
  }
}

async function readMarker(path: string, timeoutMs: number): Promise<string> {
  return until(
    () => readFile(path, 'utf8').catch(() => null),
    (text): text is string => text !== null,
    `${path} exists`,
    timeoutMs,
  ) as Promise<string>;
}

async function objectBytes(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await objectStore.client.getObject(objectStore.bucket, key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('a worker killed in the middle of a checkpointing job', () => {
  it('is replaced by another that resumes after the last checkpoint: no step runs twice', async () => {
    const taskQueue = uniqueTaskQueue('crash');
    const counter = join(scratch, 'steps');
    const env = { STEP_COUNTER_FILE: counter, HOLD_AFTER_STEP: '5' };
    const first = await faultWorkerProcess(taskQueue, env);
    const steps = 10;
    const operation = await start('CountedStepsJob', { type: 'progress', steps, stepMs: 100 }, taskQueue);
    // Killed only once Temporal holds step 5's checkpoint: a step after it has not run yet.
    await until(
      () => heartbeatOf(operation.id),
      (beat) => (beat?.checkpoint as { step?: number } | undefined)?.step === 5,
      'the checkpoint of step 5 reached Temporal',
      60_000,
    );
    const before = await waitForOperation(client, operation.id, (record) => record.logs.length === 5);
    await first.kill('SIGKILL');
    await faultWorkerProcess(taskQueue, env);

    const record = await waitForOperation(client, operation.id, finished, 90_000);

    expect(record.status).toBe('completed');
    const messages = Array.from({ length: steps }, (_, i) => `Step ${i + 1} of ${steps}`);
    expect(record.logs.map((log) => log.message)).toEqual(messages);
    // The first attempt's lines are kept as they were written (same times), not rewritten by a redo.
    expect(record.logs.slice(0, 5)).toEqual(before.logs);
    // Every step ran exactly once over both processes: 1-5 in attempt 1, 6-10 in attempt 2.
    const ran = (await readFile(counter, 'utf8')).trim().split('\n');
    expect(ran).toEqual(messages.map((message, i) => `${i < 5 ? 1 : 2} ${message}`));
    expect((await lastStartOf(operation.id)).attempt).toBe(2);
  });
});

describe('an attempt presumed lost that runs on beside its retry', () => {
  it("never replaces the winner's file or message; its late file is removed", async () => {
    const taskQueue = uniqueTaskQueue('superseded');
    const markerDir = await mkdtemp(join(scratch, 'blocking-'));
    // One job at a time: while attempt 1 blocks this process, it cannot take attempt 2 too.
    await faultWorkerProcess(taskQueue, { WORKER_MAX_CONCURRENT_JOBS: '1' });
    const operation = await start('BlockingJob', { markerDir }, taskQueue);
    await waitForOperation(client, operation.id, (record) => record.logs.length === 1, 60_000);
    // Attempt 1 now blocks its event loop; after the 10 s heartbeat timeout attempt 2 runs here.
    await inProcessWorker(taskQueue);

    const record = await waitForOperation(client, operation.id, finished, 90_000);
    // The blocked attempt wakes once attempt 2 is done and tries to save its own file.
    expect(await readMarker(join(markerDir, 'attempt-1'), 30_000)).toBe('SupersededAttemptError');
    expect(await readFile(join(markerDir, 'attempt-2'), 'utf8')).toBe('saved');

    expect(record.status).toBe('completed');
    expect(record.output.message).toBe('Attempt 2 won');
    expect(record.output.file).toMatchObject({ name: 'attempt-2.txt' });
    expect(record.output.file!.key).toMatch(new RegExp(`^operations/${operation.id}/output/2-`));
    expect(record.logs.map((log) => log.message)).toEqual(['Attempt 1 started', 'Attempt 2 started']);
    expect(await storedKeys(objectStore, `operations/${operation.id}/`)).toEqual([record.output.file!.key]);
    expect((await objectBytes(record.output.file!.key)).toString()).toBe('written by attempt 2\n');
    // Read again after the loser finished: nothing of it reached the record.
    const after = await waitForOperation(client, operation.id, finished);
    expect(after.output).toEqual(record.output);
    expect((await lastStartOf(operation.id)).attempt).toBe(2);
  });
});

describe('a worker killed during an output-file upload', () => {
  it("leaves the retry's file whole and byte-exact; the cleanup aborts the unfinished upload", async () => {
    const taskQueue = uniqueTaskQueue('upload-crash');
    const first = await faultWorkerProcess(taskQueue);
    const operation = await start('LargeOutputJob', {}, taskQueue);
    const prefix = `operations/${operation.id}/`;
    const unfinished = await until(
      () => incompleteUploads(objectStore, prefix),
      (keys) => keys.length > 0,
      'the multipart upload of attempt 1 began',
      60_000,
    );
    await first.kill('SIGKILL');
    const second = await inProcessWorker(taskQueue, { orphanGraceMs: 0 });

    const record = await waitForOperation(client, operation.id, finished, 90_000);

    expect(record.status).toBe('completed');
    const file = record.output.file!;
    expect(file).toMatchObject({ name: 'large.bin', size: LARGE_OUTPUT_BYTES });
    expect(file.key).toMatch(new RegExp(`^${prefix}output/2-`));
    const bytes = await objectBytes(file.key);
    expect(bytes.length).toBe(LARGE_OUTPUT_BYTES);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(largeOutputSha256());
    expect(await storedKeys(objectStore, prefix)).toEqual([file.key]);
    expect(await incompleteUploads(objectStore, prefix)).toEqual(unfinished);
    expect(unfinished[0]).toMatch(new RegExp(`^${prefix}output/1-`));

    const report = await client.workflow.execute(CLEANUP_WORKFLOW_TYPE, {
      taskQueue: second.taskQueue,
      workflowId: `cleanup-${second.taskQueue}`,
    });

    expect((report as { uploadsAborted: number }).uploadsAborted).toBeGreaterThanOrEqual(1);
    expect(await incompleteUploads(objectStore, prefix)).toEqual([]);
    expect(await storedKeys(objectStore, prefix)).toEqual([file.key]);
  });
});
