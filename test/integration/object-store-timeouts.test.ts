/**
 * An S3 endpoint that accepts connections and never answers (a hung server, a half-open
 * network): every call ends at S3_REQUEST_TIMEOUT_MS, a job's attempt is retried and the
 * operation then fails with that reason, and the API answers 503 instead of hanging.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { createObjectStore, type ObjectStore } from '../../packages/jobs/src/files/object-store';
import { ObjectStoreTimeoutError } from '../../packages/jobs/src/files/object-store-transport';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { startFaultWorker, type FaultWorker } from '../faults/fault-worker';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { httpGet, postForm } from '../helpers/multipart-form';
import { startTestOperation, waitForOperation } from '../helpers/operations';
import { testServices } from '../helpers/test-services';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import type { Client } from '@temporalio/client';

const TIMEOUT_MS = 300;

/** Accepts every connection, reads what comes, and never writes a byte back. */
class SilentServer {
  readonly sockets = new Set<Socket>();
  accepted = 0;
  readonly server: Server = createServer((socket) => {
    this.accepted++;
    this.sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
    socket.resume();
  });
  endpoint = '';

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await new Promise((resolve) => this.server.once('listening', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const attempts = new Map<string, number>();

/** Saves an output file; its attempts are counted per run so the test sees the retry. */
class SaveReportJob extends OperationJob<{ run: string }> {
  static override readonly params = Type.Object({ run: Type.String() });
  static readonly maximumAttempts = 2;

  async perform({ run }: { run: string }) {
    attempts.set(run, (attempts.get(run) ?? 0) + 1);
    await this.saveOperationOutputFile(Buffer.from('id,total\n1,10\n'), { name: 'report.csv' });
  }
}

let silent: SilentServer;
let store: ObjectStore;
let client: Client;

beforeAll(async () => {
  silent = new SilentServer();
  await silent.listen();
  store = createObjectStore({ ...testServices().s3, endpoint: silent.endpoint, requestTimeoutMs: TIMEOUT_MS });
  client = await testClient();
});

afterAll(async () => {
  await client?.connection.close();
  await silent?.close();
});

describe('an S3 server that never answers', () => {
  it('ends each call at the per-request timeout with a clear error', async () => {
    const before = silent.accepted;
    for (const call of [
      () => store.client.bucketExists(store.bucket),
      () => store.client.putObject(store.bucket, 'key', Buffer.from('bytes')),
      () => store.client.getObject(store.bucket, 'key'),
    ]) {
      const error = await call().then(
        () => new Error('the call succeeded'),
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ObjectStoreTimeoutError);
      expect((error as Error).message).toBe(
        `the object store at ${silent.endpoint} did not answer within ${TIMEOUT_MS} ms`,
      );
    }
    // The requests did reach the server: the timeout is on the answer, not on a refused connect.
    expect(silent.accepted).toBeGreaterThan(before);
  });

  it('bounds the AWS credential chain too, when its endpoint never answers', async () => {
    const saved = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${silent.endpoint}/credentials`;
    try {
      const { accessKey: _a, secretKey: _s, ...withoutKeys } = testServices().s3;
      const chained = createObjectStore({ ...withoutKeys, requestTimeoutMs: TIMEOUT_MS });
      await expect(chained.client.bucketExists(chained.bucket)).rejects.toThrow(
        `the AWS credential chain gave no keys within ${TIMEOUT_MS} ms`,
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
      else process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = saved;
    }
  });

  it("retries the job's attempt, then fails the operation saying the file store is unavailable", async () => {
    const taskQueue = uniqueTaskQueue('s3-timeout');
    const jobs = new JobRegistry([SaveReportJob]);
    const services = testServices();
    let worker: FaultWorker | undefined;
    try {
      worker = await startFaultWorker({
        address: services.temporalAddress,
        namespace: services.namespace,
        taskQueue,
        jobs,
        objectStore: store,
      });
      const run = `run-${Date.now()}`;
      const operation = await startTestOperation(client, {
        job: 'SaveReportJob',
        params: { run },
        userId: 's3-timeout-user',
        taskQueue,
        jobs,
      });
      const record = await waitForOperation(client, operation.id, (r) => r.status === 'failed', 60_000);
      expect(attempts.get(run)).toBe(SaveReportJob.maximumAttempts);
      expect(record.error?.message).toBe(
        // The address and the timeout go to the worker's log, not to the person.
        'Could not store the output file report.csv: the file store is unavailable',
      );
    } finally {
      await worker?.stop();
    }
  });

  describe('the API', () => {
    let api: TestApi;
    let baseUrl: string;
    let worker: TestWorker | undefined;

    beforeAll(async () => {
      api = await startTestApi({ S3_ENDPOINT: silent.endpoint, S3_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
      await api.app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = `http://127.0.0.1:${(api.app.server.address() as { port: number }).port}`;
    });

    afterAll(async () => {
      await worker?.stop();
      await api?.close();
    });

    it('is not ready: /readyz answers 503 naming the object store', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ checks: { temporal: 'ok', objectStore: 'failed' } });
    });

    it('answers 503 to an upload', async () => {
      const response = await postForm(
        `${baseUrl}/v1/operations`,
        [
          { name: 'job', value: 'OperationExampleJob' },
          { name: 'params', value: JSON.stringify({ type: 'input_file' }) },
          { name: 'file', filename: 'input.csv', contentType: 'text/csv', body: Buffer.from('a,b\n1,2\n') },
        ],
        { headers: await authHeader(uniqueUser('s3-timeout')) },
      );
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 503 });
    });

    it('answers 503 to a download', async () => {
      worker = await startTestWorker({ taskQueue: api.taskQueue });
      const user = uniqueUser('s3-timeout');
      const operation = await startTestOperation(client, {
        job: 'OperationExampleJob',
        params: { type: 'file', steps: 2 },
        userId: user,
        taskQueue: api.taskQueue,
      });
      await waitForOperation(client, operation.id, (r) => r.status === 'completed', 60_000);
      const response = await httpGet(`${baseUrl}/v1/operations/${operation.id}/output-file`, await authHeader(user));
      expect(response.status).toBe(503);
      expect(response.json()).toMatchObject({ status: 503 });
    });
  });
});
