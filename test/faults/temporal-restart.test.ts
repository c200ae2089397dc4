import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import {
  startTemporalDevServer,
  type TemporalDevServerOptions,
  type TemporalDevServer,
} from '../../dev/temporal-dev-server';
import { apiRequest, startApiProcess, type ApiProcess } from '../helpers/api-process';
import { heldExampleJob } from '../helpers/held-example-job';
import { signTestToken, TEST_JWT_SECRET, uniqueUser } from '../helpers/api-test-app';
import { testServices } from '../helpers/test-services';
import { testObjectStore, uniqueTaskQueue } from '../helpers/test-worker';
import { freePort } from '../../dev/ports';
import { startFaultWorker, type FaultWorker } from './fault-worker';
import { restartableTemporalOptions } from './restartable-temporal';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';

const OPERATIONS = 4;
const STEPS = 10;
const STEP_MS = 50;
// Progress stops at 50 % until Temporal is back, so the outage happens while every operation runs.
const held = heldExampleJob(50);

let dataDir: string;
let serverOptions: TemporalDevServerOptions;
let server: TemporalDevServer | undefined;
let api: ApiProcess | undefined;
let worker: FaultWorker | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'temporal-restart-'));
  serverOptions = await restartableTemporalOptions(dataDir);
  server = await startTemporalDevServer(serverOptions);
  const taskQueue = uniqueTaskQueue('temporal-restart');
  worker = await startFaultWorker({
    address: server.address,
    namespace: 'default',
    taskQueue,
    jobs: new JobRegistry([held.jobClass]),
    objectStore: testObjectStore(),
  });
  const s3 = testServices().s3;
  api = await startApiProcess({
    port: await freePort(),
    services: { temporalAddress: server.address, namespace: 'default', s3 },
    taskQueue,
    jwtSecret: TEST_JWT_SECRET,
    // A request made while Temporal is away answers 503 soon.
    env: { TEMPORAL_CALL_TIMEOUT_MS: '2000' },
  });
});

afterAll(async () => {
  held.release();
  await api?.stop('SIGKILL');
  await worker?.stop();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function read(token: string, id: string) {
  return apiRequest<OperationJson>(`${api!.url}/v1/operations/${id}`, { token });
}

async function waitForAll(
  token: string,
  ids: string[],
  done: (operation: OperationJson) => boolean,
  what: string,
  timeoutMs: number,
): Promise<OperationJson[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  for (;;) {
    const answers = await Promise.all(ids.map((id) => read(token, id)));
    const operations = answers.map((answer) => answer.body);
    if (answers.every((answer) => answer.status === 200) && operations.every(done)) return operations;
    last = answers.map((answer) =>
      answer.status === 200 ? `${answer.body.status} ${answer.body.percentage}%` : `HTTP ${answer.status}`,
    );
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${last.join(', ')}\n${api!.tail()}`);
    await sleep(200);
  }
}

/** Kills the dev server's whole process group with SIGKILL and waits until it is gone. */
async function killServer(running: TemporalDevServer): Promise<void> {
  process.kill(-running.process.pid, 'SIGKILL');
  await running.process.exited;
}

describe('the Temporal server restarted (same SQLite file) during running operations', () => {
  it('answers 503 while it is away (stopped, then SIGKILLed), then every operation completes once it is back', async () => {
    const token = await signTestToken(uniqueUser('temporal-restart'), {
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    });
    const create = (key: string) =>
      apiRequest<OperationJson>(`${api!.url}/v1/operations`, {
        method: 'POST',
        token,
        headers: { 'idempotency-key': key },
        body: { job: 'OperationExampleJob', params: { type: 'progress', steps: STEPS, stepMs: STEP_MS } },
      });
    const ids: string[] = [];
    for (let i = 0; i < OPERATIONS; i++) {
      const created = await create(`before-${i}`);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id);
    }
    await waitForAll(token, ids, (o) => o.status === 'running' && o.percentage === 50, 'all are at 50 %', 30_000);

    // A graceful stop, then a crash: SIGKILL to the server's process group, nothing flushed on the way out.
    const retriedIds: string[] = [];
    for (const [round, stop] of [
      ['stopped', () => server!.stop()],
      ['killed', () => killServer(server!)],
    ] as const) {
      await stop();
      // While Temporal is away: a clear 503, never a 500 or a hang.
      const during = await read(token, ids[0]!);
      expect(during.status, `${round}: ${JSON.stringify(during.body)}`).toBe(503);
      expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const refused = await create(`during-${round}`);
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');

      server = await startTemporalDevServer(serverOptions);

      // The create refused during the outage, retried with its key as a client does on 503
      // (Retry-After), starts once when the API's connection is back (after its gRPC backoff).
      const deadline = Date.now() + 60_000;
      let retried = await create(`during-${round}`);
      while (retried.status === 503 && Date.now() < deadline) {
        await sleep(250);
        retried = await create(`during-${round}`);
      }
      expect(retried.status, `${round}: ${JSON.stringify(retried.body)}`).toBe(201);
      ids.push(retried.body.id);
      retriedIds.push(retried.body.id);
      // The operations held at 50 % are still there, still running, after each outage.
      await waitForAll(
        token,
        ids.slice(0, OPERATIONS),
        (o) => o.status === 'running',
        `running after ${round}`,
        60_000,
      );
    }
    held.release();

    const finals = await waitForAll(token, ids, (o) => o.status === 'completed', 'all complete', 90_000);
    const steps = Array.from({ length: STEPS }, (_, i) => `Step ${i + 1} of ${STEPS}`);
    for (const final of finals) {
      expect(final.output.message).toBe(`Completed ${STEPS} steps`);
      // Each step ran once: an attempt retried after the outage resumed from its checkpoint.
      expect(final.logs.map((log) => log.message)).toEqual(steps);
    }
    for (const [index, round] of ['stopped', 'killed'].entries()) {
      const again = await create(`during-${round}`);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(retriedIds[index]);
    }
  });
});
