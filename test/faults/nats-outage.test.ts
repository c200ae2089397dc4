import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATS_SERVER, resolveBinary } from '../../dev/binaries';
import { startNatsServer, type NatsServer } from '../../dev/nats-server';
import { freePort, LOOPBACK } from '../../dev/ports';
import { startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import {
  eventually,
  expectNeverBackwards,
  runningPercentages,
  startExampleOperation,
  watchOverSse,
} from '../helpers/bus-watching';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

// Heartbeats at most every 8 s: a step that shows within a job of a second or two came by the bus.
const HEARTBEAT_THROTTLE_MS = 8000;

let natsPort: number;
let natsBinary: string;
let nats: NatsServer | undefined;
let api: TestApi;
let worker: TestWorker;
let baseUrl: string;

const startNats = async () => {
  nats = await startNatsServer({ binary: natsBinary, port: natsPort });
};

beforeAll(async () => {
  natsBinary = (await resolveBinary(NATS_SERVER, () => {})).path;
  natsPort = await freePort();
  const natsUrl = `nats://${LOOPBACK}:${natsPort}`;
  // NATS is not running yet: both must start anyway.
  api = await startTestApi({ NATS_URL: natsUrl });
  worker = await startTestWorker({ taskQueue: api.taskQueue, natsUrl, heartbeatThrottleMs: HEARTBEAT_THROTTLE_MS });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await nats?.stop();
});

async function runProgressJob(steps: number, stepMs: number, during?: (records: unknown[]) => Promise<void>) {
  const user = uniqueUser('nats-outage');
  const id = await startExampleOperation(api.app, user, { type: 'progress', steps, stepMs });
  const stream = await watchOverSse(baseUrl, id, user);
  await during?.(stream.records);
  const records = await stream.done;
  expect(records.at(-1)).toMatchObject({ status: 'completed', percentage: 100 });
  expect(records.at(-1)!.logs.map((log) => log.message)).toContain(`Step ${steps} of ${steps}`);
  expectNeverBackwards(records);
  return records;
}

describe('a NATS outage', () => {
  it('leaves the API and the worker running on Temporal alone when NATS is down at their start', async () => {
    expect(api.app.progressBus?.connected).toBe(false);
    await runProgressJob(3, 200);
  });

  it('joins the bus by itself once NATS starts', async () => {
    await startNats();
    await eventually(
      () => api.app.progressBus?.connected === true && worker.progressBus?.connected === true,
      'the API and the worker are on the bus',
    );
    const records = await runProgressJob(5, 300);
    expect(runningPercentages(records)).toEqual(expect.arrayContaining([20, 40, 60, 80]));
  });

  it('still brings a watched operation to its final state when NATS stops mid-operation', async () => {
    await runProgressJob(10, 400, async (records) => {
      const seen = records as { percentage: number | null }[];
      await eventually(() => seen.some((record) => (record.percentage ?? 0) >= 20), 'the bus carried a step');
      await nats!.process.stop(0);
      nats = undefined;
      await eventually(() => api.app.progressBus?.connected === false, 'the API noticed the outage');
    });
  });

  it('recovers by itself when NATS restarts', async () => {
    await startNats();
    await eventually(
      () => api.app.progressBus?.connected === true && worker.progressBus?.connected === true,
      'both reconnected',
    );
    const records = await runProgressJob(5, 300);
    expect(runningPercentages(records)).toEqual(expect.arrayContaining([20, 40, 60, 80]));
  });
});
