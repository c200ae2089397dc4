/**
 * `npm run bench:wait`: what `GET /v1/operations/{id}?wait=N` delivers and what it costs Temporal.
 *
 * Starts its own Temporal and S3 servers, a worker and the API (all on 127.0.0.1), then:
 * 1. latency: operations whose job ends after a pause, each with one `?wait=30` request open;
 *    the delay from the job's end (its own clock, in its output message) and from the
 *    workflow's close (`closedAt`) to the answer's arrival. Target: < 0.5 s.
 * 2. cost: waiting requests (`?wait=60`) on operations that do not finish in time; the API's
 *    Temporal calls per waiting request per second, by method, over the whole wait and in its
 *    steady middle (the long polls alone, without the reads before and after).
 * Bounded; stops by itself.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Type, type Static } from 'typebox';
import { createObjectStore, JobRegistry, OperationJob } from '@temporal-operations/jobs';
import { startDevServices } from '../dev/dev-services';
import { serviceEnvironment } from '../dev/service-environment';
import { buildApp } from '../services/api/app';
import { loadApiConfig } from '../services/api/config';
import { WAITS_PER_USER } from '../services/api/routes/wait-operation';
import { loadWorkerConfig } from '../services/worker/config';
import { createOperationsWorker } from '../services/worker/create-worker';
import { runPool } from './pool';
import { signToken } from './api-client';
import { writeResults } from './report';
import { withoutServiceVariables } from './stack';
import { round, summarize } from './stats';

const LATENCY_OPERATIONS = 30;
const LATENCY_CONCURRENCY = 5;
/** The job's pause: long enough for its `?wait` request to be waiting before it ends. */
const JOB_MS = 3000;
const COST_WAITERS = 20;
const COST_WAIT_SECONDS = 60;
/** The steady middle of a cost wait leaves out this much at each end (the reads before and after). */
const COST_EDGE_MS = 5000;
const RUN_LIMIT_MS = 5 * 60_000;
const SECRET = 'bench-wait-secret-0123456789-abcdefghijkl';
const TASK_QUEUE = 'bench-wait';

const WaitBenchParams = Type.Object({ ms: Type.Integer({ minimum: 0 }) });

/** Pauses `ms`, then ends with its own clock in the output message: the "job ended" instant. */
class WaitBenchJob extends OperationJob<Static<typeof WaitBenchParams>> {
  static override readonly params = WaitBenchParams;
  static readonly description = 'bench:wait only';

  async perform({ ms }: Static<typeof WaitBenchParams>): Promise<void> {
    await sleep(ms, undefined, { signal: this.signal });
    await this.saveOperationOutputMessage(`ended ${Date.now()}`);
  }
}

interface OperationJson {
  id: string;
  status: string;
  closedAt: string | null;
  output: { message: string | null };
}

const calls = new Map<string, number>();
/** When the last close-event long poll of each workflow answered: splits an answer's delay into Temporal's part and the API's. */
const longPollAnswered = new Map<string, number>();
const stops: (() => Promise<unknown>)[] = [];
const log = (line: string) => console.log(`[bench:wait] ${line}`);

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
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        const request = args[0] as { waitNewEvent?: boolean; execution?: { workflowId?: string } } | undefined;
        if (property === 'getWorkflowExecutionHistory' && request?.waitNewEvent && request.execution?.workflowId) {
          const id = request.execution.workflowId;
          void (result as Promise<unknown>).then(
            () => longPollAnswered.set(id, Date.now()),
            () => {},
          );
        }
        return result;
      };
    },
  });
  Object.defineProperty(connection, 'workflowService', { value: counting });
}

const snapshot = () => new Map(calls);
function callsBetween(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...after].map(([method, count]) => [method, count - (before.get(method) ?? 0)]).filter(([, count]) => count),
  );
}
const total = (byMethod: Record<string, number>) => Object.values(byMethod).reduce((sum, count) => sum + count, 0);

class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: OperationJson }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    return { status: response.status, json: (await response.json()) as OperationJson };
  }

  async start(ms: number): Promise<string> {
    const { status, json } = await this.request('POST', '/v1/operations', { job: 'WaitBenchJob', params: { ms } });
    if (status !== 201) throw new Error(`create answered ${status}`);
    return json.id;
  }
}

async function benchLatency(api: Api) {
  const fromJobEnd: number[] = [];
  const fromClose: number[] = [];
  const closeToLongPoll: number[] = [];
  const longPollToAnswer: number[] = [];
  // A request that reached the API only after the job ended measures the plain read, not the wait.
  let sentAfterEnd = 0;
  await runPool(LATENCY_OPERATIONS, LATENCY_CONCURRENCY, async () => {
    const id = await api.start(JOB_MS);
    const sentAt = Date.now();
    const { status, json } = await api.request('GET', `/v1/operations/${id}?wait=30`);
    const receivedAt = Date.now();
    if (status !== 200 || json.status !== 'completed') throw new Error(`wait answered ${status} ${json.status}`);
    const ended = Number(/^ended (\d+)$/.exec(json.output.message ?? '')?.[1]);
    if (sentAt >= ended) sentAfterEnd++;
    fromJobEnd.push(receivedAt - ended);
    fromClose.push(receivedAt - Date.parse(json.closedAt!));
    const answered = longPollAnswered.get(id);
    if (answered !== undefined) {
      closeToLongPoll.push(answered - Date.parse(json.closedAt!));
      longPollToAnswer.push(receivedAt - answered);
    }
  });
  return {
    operations: LATENCY_OPERATIONS,
    sentAfterEnd,
    fromJobEndMs: summarize(fromJobEnd)!,
    fromCloseMs: summarize(fromClose)!,
    closeToLongPollMs: summarize(closeToLongPoll),
    longPollToAnswerMs: summarize(longPollToAnswer),
  };
}

async function benchCost(apis: Api[]) {
  // Each user holds at most WAITS_PER_USER waits: spread the waiters over the users.
  const owners = Array.from({ length: COST_WAITERS }, (_, index) => apis[index % apis.length]!);
  const ids = await Promise.all(owners.map((api) => api.start(10 * 60_000)));
  await sleep(1000);
  const before = snapshot();
  const began = Date.now();
  let middleStart: Map<string, number> | undefined;
  let middleEnd: Map<string, number> | undefined;
  const marks = (async () => {
    await sleep(COST_EDGE_MS);
    middleStart = snapshot();
    await sleep(COST_WAIT_SECONDS * 1000 - 2 * COST_EDGE_MS);
    middleEnd = snapshot();
  })();
  const answers = await Promise.all(
    ids.map((id, index) => owners[index]!.request('GET', `/v1/operations/${id}?wait=${COST_WAIT_SECONDS}`)),
  );
  const elapsedSeconds = (Date.now() - began) / 1000;
  await marks;
  const whole = callsBetween(before, snapshot());
  const middle = callsBetween(middleStart!, middleEnd!);
  const middleSeconds = (COST_WAIT_SECONDS * 1000 - 2 * COST_EDGE_MS) / 1000;
  for (const [index, id] of ids.entries()) await owners[index]!.request('POST', `/v1/operations/${id}/cancel`);
  const statuses = [...new Set(answers.map(({ status, json }) => `${status} ${json.status}`))];
  return {
    waiters: COST_WAITERS,
    waitSeconds: COST_WAIT_SECONDS,
    answeredAfterSeconds: round(elapsedSeconds, 1),
    answers: statuses,
    wholeWait: {
      callsByMethod: whole,
      callsPerWaiter: round(total(whole) / COST_WAITERS, 2),
      callsPerWaiterPerSecond: round(total(whole) / COST_WAITERS / elapsedSeconds, 3),
    },
    steadyMiddle: {
      seconds: middleSeconds,
      callsByMethod: middle,
      callsPerWaiterPerSecond: round(total(middle) / COST_WAITERS / middleSeconds, 3),
    },
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const loadBefore = loadavg();
  const services = await startDevServices({ log, env: withoutServiceVariables(process.env), nats: false });
  stops.push(() => services.stop());
  try {
    const jobs = new JobRegistry([WaitBenchJob]);
    const objectStore = createObjectStore(services.s3);
    await objectStore.ensureBucket();
    const env = { ...serviceEnvironment(services), TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'warn' };
    const workerConfig = loadWorkerConfig(env);
    const workerClientConnection = await Connection.connect({ address: services.temporalAddress });
    stops.unshift(() => workerClientConnection.close());
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
      maxConcurrentJobs: 100,
      shutdownGraceMs: 1000,
      cleanup: {
        client: new Client({ connection: workerClientConnection, namespace: services.namespace }),
        retentionMs: 24 * 3600_000,
        orphanGraceMs: 3600_000,
      },
    });
    const running = worker.run();
    stops.unshift(async () => {
      worker.shutdown();
      await running;
    });

    const apiConnection = await Connection.connect({ address: services.temporalAddress });
    stops.unshift(() => apiConnection.close());
    countCalls(apiConnection);
    const app = await buildApp({
      config: loadApiConfig({ ...env, AUTH_JWT_SECRET: SECRET, CREATES_PER_MINUTE_PER_USER: '100000' }),
      temporal: {
        client: new Client({ connection: apiConnection, namespace: services.namespace }),
        connection: apiConnection,
      },
      objectStore,
      jobs,
    });
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    stops.unshift(() => app.close());
    const users = Math.ceil(COST_WAITERS / WAITS_PER_USER);
    const apis = await Promise.all(
      Array.from({ length: users }, async (_, index) => {
        const token = await signToken(SECRET, `bench-wait-${index}`);
        return new Api(baseUrl, token);
      }),
    );

    log(`latency: ${LATENCY_OPERATIONS} operations (job ${JOB_MS} ms), ${LATENCY_CONCURRENCY} at a time, ?wait=30`);
    const latency = await benchLatency(apis[0]!);
    log(`cost: ${COST_WAITERS} waiting requests of ?wait=${COST_WAIT_SECONDS} on operations that do not finish`);
    const cost = await benchCost(apis);

    console.log('');
    console.table({
      'job end → answer (ms)': latency.fromJobEndMs,
      'workflow close → answer (ms)': latency.fromCloseMs,
      '  close → long poll answered (ms)': latency.closeToLongPollMs,
      '  long poll answered → answer (ms)': latency.longPollToAnswerMs,
    });
    console.log(`latency: ${latency.sentAfterEnd} of ${latency.operations} requests were sent after their job ended`);
    console.log(
      `cost: ${cost.waiters} waits of ${cost.waitSeconds} s, answered after ${cost.answeredAfterSeconds} s (${cost.answers.join(', ')})`,
    );
    console.log(
      `  whole wait: ${cost.wholeWait.callsPerWaiter} calls per wait, ${cost.wholeWait.callsPerWaiterPerSecond} per wait per second`,
      cost.wholeWait.callsByMethod,
    );
    console.log(
      `  steady middle (${cost.steadyMiddle.seconds} s): ${cost.steadyMiddle.callsPerWaiterPerSecond} calls per wait per second`,
      cost.steadyMiddle.callsByMethod,
    );
    const file = await writeResults('wait', {
      date: new Date().toISOString(),
      node: process.version,
      loadBefore,
      loadAfter: loadavg(),
      latency,
      cost,
    });
    log(
      `load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    log(`wrote ${file}`);
  } finally {
    await stopAll();
  }
}

const limit = setTimeout(() => {
  console.error(`[bench:wait] gave up after ${RUN_LIMIT_MS / 1000} s`);
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
