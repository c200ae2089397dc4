import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { createObjectStore, type ObjectStore } from '../../packages/jobs/src/files/object-store';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { resolveBinary, S3_SERVER } from '../../dev/binaries';
import { freePort } from '../../dev/ports';
import { startS3Server, type S3Server, type S3ServerOptions } from '../../dev/s3-server';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
import { readOperation, startOperation } from '../../packages/client/src/temporal/index';
import { testClient, uniqueTaskQueue } from '../helpers/test-worker';
import { testServices } from '../helpers/test-services';
import { startFaultWorker, type FaultWorker } from './fault-worker';

/** A point in a job that the test holds until it has done something (stopped the S3 server). */
class Gate {
  readonly reached: Promise<void>;
  readonly #open: Promise<void>;
  #reach!: () => void;
  #release!: () => void;
  constructor() {
    this.reached = new Promise((resolve) => (this.#reach = resolve));
    this.#open = new Promise((resolve) => (this.#release = resolve));
  }
  pass(): Promise<void> {
    this.#reach();
    return this.#open;
  }
  release(): void {
    this.#release();
  }
}

const gates = new Map<string, Gate>();
const attempts = new Map<string, number>();
const HALF = 256 * 1024;

const reports = new Map<string, Buffer>();

/** The bytes the job saves for a gate name (random, fixed per name): the test checks the stored object against them. */
function reportBytes(gate: string): Buffer {
  let bytes = reports.get(gate);
  if (!bytes) reports.set(gate, (bytes = randomBytes(2 * HALF)));
  return bytes;
}

/**
 * Saves a 512 KiB report as a stream. In its first attempt, half-way through the stream, it
 * waits at its gate: the save is under way when the test stops the S3 server.
 */
class GatedReportJob extends OperationJob<{ gate: string }> {
  static override readonly params = Type.Object({ gate: Type.String() });
  static readonly maximumAttempts: number = 5;

  async perform({ gate }: { gate: string }) {
    const attempt = (attempts.get(gate) ?? 0) + 1;
    attempts.set(gate, attempt);
    await this.addOperationLog(`Attempt ${attempt}: saving the report`);
    const bytes = reportBytes(gate);
    const held = attempt === 1 ? gates.get(gate) : undefined;
    async function* chunks() {
      yield bytes.subarray(0, HALF);
      await held?.pass();
      yield bytes.subarray(HALF);
    }
    await this.saveOperationOutputFile(Readable.from(chunks()), { name: 'report.csv' });
    await this.saveOperationOutputMessage(`Saved the report in attempt ${attempt}`);
  }
}

/** The same job with a short bound: three attempts (1 s, then 2 s apart), then it fails. */
class ShortBoundReportJob extends GatedReportJob {
  static override readonly maximumAttempts = 3;
}

let s3Options: S3ServerOptions;
let s3: S3Server | undefined;
let store: ObjectStore;
let client: Client;
let dir: string;
let worker: FaultWorker | undefined;
let taskQueue: string;
const jobs = new JobRegistry([GatedReportJob, ShortBoundReportJob]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-outage-'));
  s3Options = {
    binary: (await resolveBinary(S3_SERVER, () => {})).path,
    // Fixed, so that the restarted server is where the worker already points.
    port: await freePort(),
    dir,
    region: 'us-east-1',
    bucket: 's3-outage',
    accessKey: 'outage-access-key',
    secretKey: randomBytes(18).toString('base64url'),
  };
  s3 = await startS3Server(s3Options);
  store = createObjectStore(s3);
  client = await testClient();
  taskQueue = uniqueTaskQueue('s3-outage');
  const services = testServices();
  worker = await startFaultWorker({
    address: services.temporalAddress,
    namespace: services.namespace,
    taskQueue,
    jobs,
    objectStore: store,
  });
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(job: string, gate: string): Promise<string> {
  gates.set(gate, new Gate());
  const registered = jobs.get(job)!;
  const { operation } = await startOperation(
    client,
    { job, params: { gate }, userId: 's3-outage-user', run: registered.run },
    { taskQueue },
  );
  return operation.id;
}

async function waitFor(id: string, done: (record: OperationRecord) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await readOperation(client, id);
    if (record && done(record)) return record;
    if (Date.now() > deadline) throw new Error(`operation ${id} is still ${record?.status}`);
    await sleep(100);
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

const finished = (record: OperationRecord) => ['completed', 'failed', 'canceled'].includes(record.status);

describe('the S3 server stopped while a job saves its output file', () => {
  it('retries the job, which completes with its file once the server is back', async () => {
    const gate = 'comes-back';
    const id = await start('GatedReportJob', gate);
    await gates.get(gate)!.reached;
    await s3!.stop();
    gates.get(gate)!.release();
    // The first attempt has failed on the stopped server and the retry has begun.
    await until(() => (attempts.get(gate) ?? 0) >= 2, 'the job is retried');
    s3 = await startS3Server(s3Options);

    const record = await waitFor(id, finished, 60_000);
    expect(record.status).toBe('completed');
    expect(record.output.message).toMatch(/^Saved the report in attempt [2-5]$/);
    const file = record.output.file!;
    expect(file).toMatchObject({ name: 'report.csv', size: 2 * HALF, contentType: 'text/csv' });
    // Completed means its file is there, whole.
    const stored = await buffer(await store.client.getObject(store.bucket, file.key));
    expect(stored.equals(reportBytes(gate))).toBe(true);
  });

  it('fails with a clear message after its bound when the server stays away; never completed without a file', async () => {
    const gate = 'stays-away';
    const id = await start('ShortBoundReportJob', gate);
    await gates.get(gate)!.reached;
    await s3!.stop();
    const stoppedAt = Date.now();
    gates.get(gate)!.release();
    try {
      const record = await waitFor(id, finished, 60_000);
      expect(record.status).toBe('failed');
      expect(record.output.file).toBeNull();
      expect(record.error?.message).toBe('Could not store the output file report.csv: the file store is unavailable');
      expect(attempts.get(gate)).toBe(3);
      // Three attempts, 1 s then 2 s apart: well under the job's one-hour attempt timeout.
      expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    } finally {
      s3 = await startS3Server(s3Options);
    }
    const left = [];
    for await (const object of store.client.listObjectsV2(store.bucket, `operations/${id}/`, true)) left.push(object);
    expect(left).toEqual([]);
  });
});
