import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports';
import { serviceEnvironment } from '../../dev/service-environment';
import { jobRegistry } from '../../jobs';
import { createOperationsWorker } from '../../services/worker/create-worker';
import { workerReadiness } from '../../services/worker/worker-readiness';
import { startTestOperation, waitForOperation } from '../helpers/operations';
import { testServices, workflowBundlePath } from '../helpers/test-services';
import { testClient, testObjectStore, uniqueTaskQueue } from '../helpers/test-worker';

const workerEntry = fileURLToPath(new URL('../../services/worker/worker.ts', import.meta.url));

let client: Client;

beforeAll(async () => {
  client = await testClient();
});

afterAll(async () => {
  await client?.connection.close();
});

/** Calls `probe` every 100 ms until `done` holds for its answer; fails after `timeoutMs`. */
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('worker readiness', () => {
  it('is not ready before run(), ready once Temporal lists its polls, not ready once shutting down', async () => {
    const services = testServices();
    const taskQueue = uniqueTaskQueue('readiness');
    const connection = await NativeConnection.connect({ address: services.temporalAddress });
    try {
      const worker = await createOperationsWorker({
        connection,
        namespace: services.namespace,
        taskQueue,
        jobs: jobRegistry,
        objectStore: testObjectStore(),
        heartbeatThrottleMs: 200,
        maxConcurrentJobs: 10,
        shutdownGraceMs: 1000,
        workflowBundle: { codePath: workflowBundlePath() },
        cleanup: { client, retentionMs: 86_400_000, orphanGraceMs: 3_600_000 },
      });
      const readiness = workerReadiness(worker, client, taskQueue);
      expect(await readiness()).toEqual({ ready: false, reason: 'the worker is initialized' });

      const running = worker.run();
      await until(readiness, (state) => state.ready, 'the worker is ready');
      worker.shutdown();
      expect(await readiness()).toMatchObject({
        ready: false,
        reason: expect.stringMatching(/stopping|draining|drained|stopped/),
      });
      await running;
    } finally {
      await connection.close();
    }
  });
});

describe('the worker process probes (WORKER_HEALTH_PORT) with a prebuilt bundle', () => {
  it('answers /healthz at once, /readyz 200 only once it polls, and 503 while it shuts down', async () => {
    const port = await freePort();
    const taskQueue = uniqueTaskQueue('probes');
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
      env: {
        ...process.env,
        ...serviceEnvironment(testServices()),
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKER_HEALTH_PORT: String(port),
        WORKER_WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
        WORKER_SHUTDOWN_GRACE_MS: '20000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    const probe = async (path: string) => {
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
      } catch {
        return { status: 0, body: '', type: null };
      }
    };
    try {
      expect(
        (
          await until(
            () => probe('/healthz'),
            (answer) => answer.status !== 0,
            'the probes listen',
          )
        ).status,
      ).toBe(200);
      await until(
        () => probe('/readyz'),
        (answer) => answer.status === 200,
        '/readyz answers 200',
      );

      // Ready means polling: an operation started now runs at once.
      const operation = await startTestOperation(client, {
        job: 'OperationExampleJob',
        params: { type: 'progress', steps: 30, stepMs: 300 },
        userId: 'readiness-user',
        taskQueue,
      });
      await waitForOperation(client, operation.id, (record) => record.status === 'running', 30_000);

      child.kill('SIGTERM');
      const draining = await until(
        () => probe('/readyz'),
        (answer) => answer.status === 503,
        '/readyz answers 503',
      );
      expect(draining.type).toBe('application/problem+json');
      expect(JSON.parse(draining.body)).toMatchObject({
        status: 503,
        detail: expect.stringMatching(/^Not ready: the worker is /),
      });
      expect((await probe('/healthz')).status).toBe(200);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    // The prebuilt bundle was loaded: the worker logs at info (its state changes) but never bundled.
    expect(output).toMatch(/Worker state changed/);
    expect(output).not.toMatch(/Workflow bundle created/);
  });
});
