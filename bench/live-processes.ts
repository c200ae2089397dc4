import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { openSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { startDevServices } from '../dev/dev-services';
import { freePort, LOOPBACK } from '../dev/ports';
import { serviceEnvironment } from '../dev/service-environment';
import { waitUntilReady } from '../dev/wait-until-ready';
import { writeWorkflowBundle } from '../services/worker/workflow-bundle';
import { logTail, spawnService } from './child-process';
import { pidOf, quietLogger, withoutServiceVariables } from './stack';

const root = fileURLToPath(new URL('..', import.meta.url));

/** An API process of bench:live and bench:scale, whose Temporal calls are counted (bench/processes/live-api.ts). */
export interface LiveApi {
  url: string;
  pid: number;
  /** The calls by method since the last time asked. */
  takeCalls(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Starts the counting API process with `env` and waits until it answers /healthz. */
export async function startLiveApi(env: NodeJS.ProcessEnv, logFile: string): Promise<LiveApi> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const out = openSync(logFile, 'a');
  const child: ChildProcess = fork('bench/processes/live-api.ts', [], {
    cwd: root,
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...env, HOST: LOOPBACK, PORT: String(port) },
    stdio: ['ignore', out, out, 'ipc'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilReady(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited: ${await logTail(logFile)}`);
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      },
      { what: `bench API on ${url}`, timeoutMs: 60_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    takeCalls: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve((message as { calls: Record<string, number> }).calls));
        child.send('calls');
      }),
    stop,
  };
}

/** Starts the bench worker process (bench/processes/worker.ts) and waits until it polls its task queue. */
export async function startLiveWorker(
  client: Client,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<{ pid: number; stop(): Promise<void> }> {
  const worker = spawnService('bench worker', 'bench/processes/worker.ts', env, logFile);
  const taskQueue = env.TEMPORAL_TASK_QUEUE!;
  const { TaskQueueType } = proto.temporal.api.enums.v1;
  try {
    await waitUntilReady(
      async () => {
        const { pollers } = await client.workflowService.describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: taskQueue },
          taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        });
        if (!pollers?.length) throw new Error('no poller yet');
      },
      { what: 'bench worker', process: worker, timeoutMs: 90_000, intervalMs: 250 },
    );
  } catch (error) {
    await worker.stop();
    throw new Error(`${(error as Error).message}\n${await logTail(logFile)}`);
  }
  return { pid: worker.pid, stop: () => worker.stop() };
}

export type BusMode = 'off' | 'on';

/** What bench:live and bench:scale share: one set of servers, NATS included, for both bus modes. */
export interface BusBench {
  /** Scratch space, removed at the end. */
  dir: string;
  client: Client;
  /** The HS256 secret the API processes trust. */
  secret: string;
  temporalPid: number | null;
  natsPid: number | null;
  /** A worker and a counting API process for one mode (`on` has NATS_URL), on a task queue of their own. */
  startMode(
    mode: BusMode,
    options: { workerSlots: number; apiEnv?: NodeJS.ProcessEnv },
  ): Promise<{ worker: { pid: number; stop(): Promise<void> }; api: LiveApi }>;
}

/**
 * Starts Temporal, S3 and NATS on loopback and bundles the production workflows once; every stop
 * it needs is added to `stops` (run them in order at the end). The shell's service variables are
 * ignored, so the figures come from this set-up.
 */
export async function startBusBench(
  name: string,
  log: (line: string) => void,
  stops: (() => Promise<unknown>)[],
): Promise<BusBench> {
  const dir = await mkdtemp(join(tmpdir(), `temporal-operations-bench-${name}-`));
  stops.push(() => rm(dir, { recursive: true, force: true }));
  const ownEnv = withoutServiceVariables(process.env);
  const services = await startDevServices({ log, env: ownEnv });
  stops.unshift(() => services.stop());
  if (!services.natsUrl) throw new Error('no NATS server was started');
  const connection = await Connection.connect({ address: services.temporalAddress });
  stops.unshift(() => connection.close());
  const client = new Client({ connection, namespace: services.namespace });
  // The production workflows alone: these benches run none of bench/workflows.ts's baselines.
  log('bundling the workflows');
  const bundlePath = join(dir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath, quietLogger);
  const secret = randomBytes(32).toString('base64url');

  const startMode: BusBench['startMode'] = async (mode, { workerSlots, apiEnv }) => {
    const { NATS_URL: _bus, ...withoutBus } = serviceEnvironment(services);
    const shared = {
      ...ownEnv,
      ...(mode === 'on' ? serviceEnvironment(services) : withoutBus),
      TEMPORAL_TASK_QUEUE: `bench-${name}-${mode}-${randomUUID()}`,
      LOG_LEVEL: 'warn',
    };
    const worker = await startLiveWorker(
      client,
      {
        ...shared,
        BENCH_WORKFLOW_BUNDLE: bundlePath,
        WORKER_MAX_CONCURRENT_JOBS: String(workerSlots),
        WORKER_SHUTDOWN_GRACE_MS: '2000',
      },
      join(dir, `worker-${mode}.log`),
    );
    try {
      // One bench user starts thousands of operations a minute: the per-user create limit would measure itself.
      const api = await startLiveApi(
        { ...shared, AUTH_JWT_SECRET: secret, CREATES_PER_MINUTE_PER_USER: '1000000', ...apiEnv },
        join(dir, `api-${mode}.log`),
      );
      return { worker, api };
    } catch (error) {
      await worker.stop();
      throw error;
    }
  };

  return {
    dir,
    client,
    secret,
    temporalPid: pidOf(services.processIds, 'start-dev'),
    natsPid: pidOf(services.processIds, 'nats-server'),
    startMode,
  };
}
