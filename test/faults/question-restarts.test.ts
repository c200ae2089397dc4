import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRegistry } from '../../jobs';
import {
  startTemporalDevServer,
  type TemporalDevServer,
  type TemporalDevServerOptions,
} from '../../dev/temporal-dev-server';
import type { Operation } from '../../services/api/schemas/operation';
import { apiRequest, startApiProcess, type ApiProcess, type ApiProcessOptions } from '../helpers/api-process';
import { signTestToken, TEST_JWT_SECRET, uniqueUser } from '../helpers/api-test-app';
import { testServices } from '../helpers/test-services';
import { testObjectStore, uniqueTaskQueue } from '../helpers/test-worker';
import { freePort } from '../../dev/ports';
import { startFaultWorker, type FaultWorker } from './fault-worker';
import { restartableTemporalOptions } from './restartable-temporal';

let dataDir: string;
let serverOptions: TemporalDevServerOptions;
let server: TemporalDevServer | undefined;
let apiOptions: ApiProcessOptions;
let api: ApiProcess | undefined;
let worker: FaultWorker | undefined;
let taskQueue: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'question-restarts-'));
  serverOptions = await restartableTemporalOptions(dataDir);
  server = await startTemporalDevServer(serverOptions);
  taskQueue = uniqueTaskQueue('question-restarts');
  apiOptions = {
    port: await freePort(),
    services: { temporalAddress: server.address, namespace: 'default', s3: testServices().s3 },
    taskQueue,
    jwtSecret: TEST_JWT_SECRET,
    env: { TEMPORAL_CALL_TIMEOUT_MS: '2000' },
  };
  api = await startApiProcess(apiOptions);
});

afterAll(async () => {
  await api?.stop('SIGKILL');
  await worker?.stop();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const startWorker = () =>
  startFaultWorker({
    address: server!.address,
    namespace: 'default',
    taskQueue,
    jobs: jobRegistry,
    objectStore: testObjectStore(),
  });

/** Polls through the API until `done` holds; 503s (Temporal coming back) are waited out. */
async function waitFor(token: string, id: string, done: (operation: Operation) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const answer = await apiRequest<Operation>(`${api!.url}/v1/operations/${id}`, { token });
    if (answer.status === 200 && done(answer.body)) return answer.body;
    last = answer.status === 200 ? answer.body.status : `HTTP ${answer.status}`;
    await sleep(250);
  }
  throw new Error(`operation ${id} never matched (last: ${last})\n${api!.tail()}`);
}

describe('an open question survives the worker, the API and Temporal restarting', () => {
  it('is still open after all three restart, takes its answer with no worker, and completes once one starts', async () => {
    const token = await signTestToken(uniqueUser('restarts'), { expiresAt: Math.floor(Date.now() / 1000) + 600 });
    worker = await startWorker();
    const created = await apiRequest<Operation>(`${api!.url}/v1/operations`, {
      method: 'POST',
      token,
      body: { job: 'OperationExampleJob', params: { type: 'input_form' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    await waitFor(token, id, (operation) => operation.status === 'waiting');

    // Everything goes down: the worker, the API, and Temporal itself (SIGKILL, nothing flushed).
    await worker.stop();
    worker = undefined;
    await api!.stop('SIGKILL');
    process.kill(-server!.process.pid, 'SIGKILL');
    await server!.process.exited;
    server = await startTemporalDevServer(serverOptions);
    api = await startApiProcess(apiOptions);

    // Still waiting, question and all, read while no worker runs.
    const waiting = await waitFor(token, id, (operation) => operation.status === 'waiting');
    expect(waiting.question).toMatchObject({ id: 'q1', title: 'Pick a number and a colour' });
    let answered = await apiRequest(`${api!.url}/v1/operations/${id}/input`, {
      method: 'POST',
      token,
      body: { answer: { number: 9, colour: 'blue' } },
    });
    for (let tries = 0; answered.status === 503 && tries < 40; tries++) {
      await sleep(250);
      answered = await apiRequest(`${api!.url}/v1/operations/${id}/input`, {
        method: 'POST',
        token,
        body: { answer: { number: 9, colour: 'blue' } },
      });
    }
    expect(answered.status, JSON.stringify(answered.body)).toBe(202);

    worker = await startWorker();
    const done = await waitFor(token, id, (operation) => operation.status === 'completed', 90_000);
    expect(done.output.message).toBe('You chose 9 and blue');
  });
});
