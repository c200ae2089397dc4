import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { encodeProgressMessage } from '../../services/shared/progress-bus/progress-message';
import { progressSubject } from '../../services/shared/progress-bus/progress-subject';
import { startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import {
  eventually,
  expectNeverBackwards,
  runningPercentages,
  startExampleOperation,
  watchOverSse,
} from '../helpers/bus-watching';
import { heldExampleJob } from '../helpers/held-example-job';
import { testServices } from '../helpers/test-services';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

// Heartbeats at most every 8 s (the workflow's 10 s heartbeat timeout allows no more) and a
// 10 s reconcile: within a job of a second or two, Temporal alone would show no step between
// the start and the end. Every step a watcher sees came through the bus.
const HEARTBEAT_THROTTLE_MS = 8000;
const held = heldExampleJob(0);

let api: TestApi;
let worker: TestWorker;
let heldWorker: TestWorker;
let baseUrl: string;
let nats: NatsConnection;

beforeAll(async () => {
  const natsUrl = testServices().natsUrl;
  if (!natsUrl) throw new Error('the test run has no NATS server');
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue, heartbeatThrottleMs: HEARTBEAT_THROTTLE_MS });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  nats = await connect({ servers: natsUrl });
  await eventually(() => api.app.progressBus?.connected === true, 'the API is on the bus');
});

afterAll(async () => {
  await nats?.close();
  await api?.close();
  await worker?.stop();
  await heldWorker?.stop();
});

describe('the progress bus', () => {
  it('brings every step of a job to its watchers, then the final record from Temporal', async () => {
    const user = uniqueUser('bus');
    const id = await startExampleOperation(api.app, user, { type: 'progress', steps: 5, stepMs: 300 });
    const stream = await watchOverSse(baseUrl, id, user);
    const records = await stream.done;
    expect(runningPercentages(records)).toEqual(expect.arrayContaining([20, 40, 60, 80]));
    expect(records.at(-1)).toMatchObject({
      status: 'completed',
      percentage: 100,
      output: { message: 'Completed 5 steps' },
    });
    expect(records.at(-1)!.logs.map((log) => log.message)).toContain('Step 5 of 5');
    expectNeverBackwards(records);
  });

  it('ignores malformed, oversized, foreign and out-of-order messages, and shows the rest', async () => {
    const taskQueue = `${api.taskQueue}-held`;
    // This worker's job waits before its first report, so the test alone publishes meanwhile.
    heldWorker = await startTestWorker({ taskQueue, jobs: new JobRegistry([held.jobClass]) });
    const own = await startTestApi({ TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      await own.app.listen({ host: '127.0.0.1', port: 0 });
      const address = own.app.server.address();
      if (!address || typeof address === 'string') throw new Error('not listening');
      const ownUrl = `http://127.0.0.1:${address.port}`;
      const user = uniqueUser('bus-bad');
      const id = await startExampleOperation(own.app, user, { type: 'progress', steps: 2, stepMs: 50 });
      const stream = await watchOverSse(ownUrl, id, user);
      await eventually(() => stream.records.some((record) => record.status === 'running'), 'the job runs');

      const { namespace } = testServices();
      const subject = progressSubject(namespace, id);
      const progress = (percentage: number, message: string) => ({
        startedAt: new Date().toISOString(),
        percentage,
        logs: [{ at: new Date().toISOString(), message }],
        output: { message: null, file: null, action: null },
      });
      const message = (head: { attempt: number; seq: number; prev: number }, percentage: number, text: string) =>
        encodeProgressMessage({ namespace, operationId: id, ...head }, progress(percentage, text));

      nats.publish(subject, new TextEncoder().encode('{"v":1,"percentage":'));
      nats.publish(subject, new Uint8Array(600 * 1024).fill(0x20));
      nats.publish(
        subject,
        encodeProgressMessage(
          { namespace: 'another', operationId: id, attempt: 1, seq: 500, prev: 0 },
          progress(11, 'foreign'),
        ),
      );
      nats.publish(subject, message({ attempt: 1, seq: 100, prev: 0 }, 50, 'from the bus'));
      nats.publish(subject, message({ attempt: 1, seq: 99, prev: 0 }, 10, 'out of order'));
      nats.publish(subject, message({ attempt: 1, seq: 101, prev: 100 }, 60, 'next on the bus'));
      await nats.flush();
      await eventually(() => stream.records.some((record) => record.percentage === 60), 'the last good message shows');
      held.release();
      const records = await stream.done;

      const shown = records.flatMap((record) => record.logs.map((log) => log.message));
      expect(shown).toContain('from the bus');
      expect(shown).toContain('next on the bus');
      expect(shown).not.toContain('foreign');
      expect(shown).not.toContain('out of order');
      expect(runningPercentages(records)).not.toContain(11);
      expect(runningPercentages(records)).not.toContain(10);
      // Temporal's record wins in the end, whatever the bus said.
      expect(records.at(-1)).toMatchObject({ status: 'completed', percentage: 100 });
      expectNeverBackwards(records);
    } finally {
      held.release();
      await own.close();
    }
  });
});
