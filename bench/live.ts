/**
 * `npm run bench:live`: how fast progress reaches SSE watchers, and what watching costs Temporal.
 *
 * Starts its own Temporal and S3 servers, a worker and the API (all on 127.0.0.1). For 1, 10
 * and 100 watchers of one operation whose job reports every 100 ms (a timestamp in each log
 * line), it measures the delay from each report to its arrival at every watcher (p50/p95),
 * and counts the API's Temporal calls per second while they watch. Bounded; stops by itself.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SignJWT } from 'jose';
import { Type, type Static } from 'typebox';
import { JobRegistry } from '@temporal-operations/jobs';
import { createObjectStore } from '@temporal-operations/jobs';
import { OperationJob } from '@temporal-operations/jobs';
import { startDevServices } from '../dev/dev-services';
import { buildApp } from '../services/api/app';
import { loadApiConfig } from '../services/api/config';
import { loadWorkerConfig } from '../services/worker/config';
import { createOperationsWorker } from '../services/worker/create-worker';
import { openSse, type SseConnection } from '../test/helpers/sse-client';
import { serviceEnvironment } from '../dev/service-environment';

const WATCHER_COUNTS = [1, 10, 100];
const UPDATES = 100;
const UPDATE_EVERY_MS = 100;
/** The job waits this long before its first report, so every watcher is connected by then. */
const START_DELAY_MS = 3000;
const RUN_LIMIT_MS = 5 * 60_000;
const SECRET = 'bench-live-secret-0123456789-abcdefghijkl';
const TASK_QUEUE = 'bench-live';

const BenchParams = Type.Object({
  updates: Type.Integer({ minimum: 1, maximum: 150 }),
  everyMs: Type.Integer({ minimum: 1 }),
  startDelayMs: Type.Integer({ minimum: 0 }),
});

/** Reports its percentage every `everyMs`, with the time of the report in the log line. */
class LiveBenchJob extends OperationJob<Static<typeof BenchParams>> {
  static override readonly params = BenchParams;
  static readonly description = 'bench:live only';

  async perform({ updates, everyMs, startDelayMs }: Static<typeof BenchParams>): Promise<void> {
    await sleep(startDelayMs, undefined, { signal: this.signal });
    for (let i = 1; i <= updates; i++) {
      await this.addOperationLog(`update ${i} ${Date.now()}`);
      await this.updateOperationPercentage((i * 100) / updates);
      await sleep(everyMs, undefined, { signal: this.signal });
    }
  }
}

interface PhaseResult {
  watchers: number;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  windowSeconds: number;
  temporalCalls: number;
  temporalCallsPerSecond: number;
  callsByMethod: Record<string, number>;
}

const calls = new Map<string, number>();
/** What to stop, newest first, on the way out (also when the run limit strikes). */
const stops: (() => Promise<unknown>)[] = [];

async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) await stop().catch((error: unknown) => console.error(error));
}

/** Counts every gRPC call the API's client makes, by method. */
function countCalls(connection: Connection): void {
  const service = connection.workflowService;
  const counting = new Proxy(service, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(property, (calls.get(property) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  Object.defineProperty(connection, 'workflowService', { value: counting });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function runPhase(baseUrl: string, token: string, watchers: number): Promise<PhaseResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${baseUrl}/v1/operations`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      job: 'LiveBenchJob',
      params: { updates: UPDATES, everyMs: UPDATE_EVERY_MS, startDelayMs: START_DELAY_MS },
    }),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };

  const connections: SseConnection[] = await Promise.all(
    Array.from({ length: watchers }, () =>
      openSse(`${baseUrl}/v1/operations/${id}/events`, { authorization: `Bearer ${token}` }),
    ),
  );
  await Promise.all(connections.map((connection) => connection.next(10_000)));
  const windowStart = Date.now();
  calls.clear();

  const delays: number[] = [];
  for (const connection of connections) {
    let lastSeen = 0;
    const measure = (data: string, receivedAt: number) => {
      const { logs } = JSON.parse(data) as { logs: { message: string }[] };
      for (const { message } of logs) {
        const match = /^update (\d+) (\d+)$/.exec(message);
        if (!match || Number(match[1]) <= lastSeen) continue;
        lastSeen = Number(match[1]);
        if (Number(match[2]) >= windowStart) delays.push(receivedAt - Number(match[2]));
      }
    };
    connection.messages.forEach((message) => measure(message.data, message.receivedAt));
    connection.onMessage((message) => measure(message.data, message.receivedAt));
  }
  await Promise.all(connections.map((connection) => connection.closed));
  const windowSeconds = (Date.now() - windowStart) / 1000;
  const callsByMethod = Object.fromEntries(calls);
  const temporalCalls = [...calls.values()].reduce((sum, count) => sum + count, 0);
  delays.sort((a, b) => a - b);
  return {
    watchers,
    samples: delays.length,
    p50Ms: percentile(delays, 50),
    p95Ms: percentile(delays, 95),
    maxMs: delays.at(-1) ?? NaN,
    windowSeconds: Math.round(windowSeconds * 10) / 10,
    temporalCalls,
    temporalCallsPerSecond: Math.round((temporalCalls / windowSeconds) * 10) / 10,
    callsByMethod,
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const log = (line: string) => console.log(`[bench:live] ${line}`);
  const services = await startDevServices({ log });
  stops.push(() => services.stop());
  try {
    const jobs = new JobRegistry([LiveBenchJob]);
    const objectStore = createObjectStore(services.s3);
    await objectStore.ensureBucket();
    const env = {
      ...serviceEnvironment(services),
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      LOG_LEVEL: 'warn',
    };
    // The deployment's defaults (heartbeat throttle, call deadlines): the figures are what users get.
    const workerConfig = loadWorkerConfig(env);

    const clientConnection = await Connection.connect({ address: services.temporalAddress });
    stops.unshift(() => clientConnection.close());
    const workerClient = new Client({ connection: clientConnection, namespace: services.namespace });
    const nativeConnection = await NativeConnection.connect({ address: services.temporalAddress });
    stops.unshift(() => nativeConnection.close());
    log('bundling the workflows and starting a worker');
    const worker = await createOperationsWorker({
      connection: nativeConnection,
      namespace: services.namespace,
      taskQueue: TASK_QUEUE,
      jobs,
      objectStore,
      heartbeatThrottleMs: workerConfig.WORKER_HEARTBEAT_THROTTLE_MS,
      maxConcurrentJobs: 10,
      shutdownGraceMs: 1000,
      cleanup: { client: workerClient, retentionMs: 24 * 3600_000, orphanGraceMs: 3600_000 },
    });
    const running = worker.run();
    stops.unshift(async () => {
      worker.shutdown();
      await running;
    });

    const apiConnection = await Connection.connect({ address: services.temporalAddress });
    stops.unshift(() => apiConnection.close());
    countCalls(apiConnection);
    const config = loadApiConfig({ ...env, AUTH_JWT_SECRET: SECRET });
    const apiClient = new Client({ connection: apiConnection, namespace: services.namespace });
    const app = await buildApp({
      config,
      temporal: { client: apiClient, connection: apiConnection },
      objectStore,
      jobs,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    stops.unshift(() => app.close());
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench-user')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));

    const results: PhaseResult[] = [];
    for (const watchers of WATCHER_COUNTS) {
      log(`${watchers} watcher(s): ${UPDATES} updates every ${UPDATE_EVERY_MS} ms`);
      results.push(await runPhase(baseUrl, token, watchers));
    }

    console.log('');
    console.log(`heartbeat throttle ${workerConfig.WORKER_HEARTBEAT_THROTTLE_MS} ms, hub interval 250 ms`);
    console.table(
      results.map((result) => ({
        watchers: result.watchers,
        samples: result.samples,
        'p50 ms': result.p50Ms,
        'p95 ms': result.p95Ms,
        'max ms': result.maxMs,
        'Temporal calls/s': result.temporalCallsPerSecond,
        'calls by method': Object.entries(result.callsByMethod)
          .map(([method, count]) => `${method} ${count}`)
          .join(', '),
      })),
    );
    const resultsDir = fileURLToPath(new URL('./results', import.meta.url));
    await mkdir(resultsDir, { recursive: true });
    const file = `${resultsDir}/live-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    await writeFile(
      file,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          updates: UPDATES,
          updateEveryMs: UPDATE_EVERY_MS,
          heartbeatThrottleMs: workerConfig.WORKER_HEARTBEAT_THROTTLE_MS,
          results,
        },
        null,
        2,
      )}\n`,
    );
    log(`wrote ${file}`);
  } finally {
    await stopAll();
  }
}

const limit = setTimeout(() => {
  console.error(`[bench:live] gave up after ${RUN_LIMIT_MS / 1000} s`);
  void stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
limit.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
