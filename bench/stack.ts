import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { startDevServices, type DevServices } from '../dev/dev-services';
import { freePort, LOOPBACK } from '../dev/ports';
import type { ManagedProcess } from '../dev/processes';
import { waitUntilReady } from '../dev/wait-until-ready';
import { API_ENV_VARIABLES } from '../services/api/config';
import { loadWorkerConfig, WORKER_ENV_VARIABLES, type WorkerConfig } from '../services/worker/config';
import { bundleWorkflows } from '../services/worker/workflow-bundle';
import { logTail, spawnService } from './child-process';
import { serviceEnvironment } from '../dev/service-environment';

const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));
const API_ENTRY = 'bench/processes/api.ts';
const WORKER_ENTRY = 'bench/processes/worker.ts';

const profileDir = fileURLToPath(new URL('./results/profiles/', import.meta.url));

/** Jobs the bench worker runs at once: more than the end-to-end bench keeps in flight. */
const WORKER_MAX_CONCURRENT_JOBS = 1100;

/** An API process listening on loopback. */
export interface ApiProcess {
  url: string;
  pid: number;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Everything a bench run talks to; `stop()` ends every process it started. */
export interface BenchStack {
  /** The bench's own Temporal client (the "direct" side, and result waits). */
  client: Client;
  /** The HS256 secret the API processes trust. */
  jwtSecret: string;
  temporalPid: number;
  worker: { pid: number; taskQueue: string; config: WorkerConfig; extraOptions: string | null };
  /** Starts an API process whose operations go to `taskQueue`. */
  startApi(taskQueue: string): Promise<ApiProcess>;
  /** A task queue no worker polls. */
  idleTaskQueue(): string;
  stop(): Promise<void>;
}

/**
 * Starts a fresh Temporal dev server (in memory) and S3 server on free loopback ports, bundles
 * bench/workflows.ts, and starts the bench worker as a child process. External services named
 * by TEMPORAL_ADDRESS or S3_ENDPOINT are ignored: the figures must come from a known setup.
 */
export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const dir = await mkdtemp(join(tmpdir(), 'temporal-operations-bench-'));
  const children: ManagedProcess[] = [];
  let services: DevServices | undefined;
  let connection: Connection | undefined;
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await connection?.close();
    await services?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ownEnv = withoutServiceVariables(process.env);
    // The bus is measured by bench:live; these benches keep the polling path their figures were taken on.
    services = await startDevServices({ log, env: ownEnv, nats: false });
    const shared = serviceEnvironment(services);
    connection = await Connection.connect({ address: services.temporalAddress });
    const client = new Client({ connection, namespace: services.namespace });

    log('bundling bench/workflows.ts');
    const bundlePath = join(dir, 'workflow-bundle.js');
    await writeFile(bundlePath, await bundleWorkflows({ path: workflowsPath, logger: quietLogger }));

    const workerEnv = {
      ...shared,
      TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
      WORKER_MAX_CONCURRENT_JOBS: String(WORKER_MAX_CONCURRENT_JOBS),
      // Stopping the stack should not wait for jobs; the heartbeat throttle keeps its default.
      WORKER_SHUTDOWN_GRACE_MS: '2000',
      LOG_LEVEL: 'warn',
      // Diagnostics only (bench/README.md): another throttle, other Worker options.
      ...pick(process.env, 'BENCH_HEARTBEAT_THROTTLE_MS', 'WORKER_HEARTBEAT_THROTTLE_MS'),
      ...pick(process.env, 'BENCH_WORKER_OPTIONS', 'BENCH_WORKER_OPTIONS'),
    };
    const workerConfig = loadWorkerConfig(workerEnv);
    const workerLog = join(dir, 'worker.log');
    const worker = spawnService(
      'bench worker',
      WORKER_ENTRY,
      { ...withoutBenchVariables(ownEnv), ...workerEnv, BENCH_WORKFLOW_BUNDLE: bundlePath },
      workerLog,
      await profileArgs('worker'),
    );
    children.push(worker);
    log('starting the bench worker');
    await waitForPollers(client, workerConfig.TEMPORAL_TASK_QUEUE, worker, workerLog);

    const jwtSecret = randomBytes(32).toString('base64url');
    let apiCount = 0;
    const startApi = async (taskQueue: string): Promise<ApiProcess> => {
      const port = await freePort();
      const url = `http://${LOOPBACK}:${port}`;
      const apiLog = join(dir, `api-${++apiCount}.log`);
      // LOG_LEVEL keeps its default (info: one line per request and per response), as in production.
      // One bench user starts thousands of operations a minute: the per-user create limit would measure itself.
      const env = {
        ...ownEnv,
        ...shared,
        HOST: LOOPBACK,
        PORT: String(port),
        AUTH_JWT_SECRET: jwtSecret,
        CREATES_PER_MINUTE_PER_USER: '1000000',
      };
      const api = spawnService(
        `bench API ${apiCount}`,
        API_ENTRY,
        { ...env, TEMPORAL_TASK_QUEUE: taskQueue },
        apiLog,
        await profileArgs('api'),
      );
      children.push(api);
      try {
        await waitUntilReady(() => healthy(`${url}/healthz`), {
          what: `bench API on ${url}`,
          process: api,
          timeoutMs: 60_000,
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await logTail(apiLog)}`);
      }
      return { url, pid: api.pid, taskQueue, stop: () => api.stop() };
    };

    return {
      client,
      jwtSecret,
      temporalPid: temporalServerPid(services.processIds),
      worker: {
        pid: worker.pid,
        taskQueue: workerConfig.TEMPORAL_TASK_QUEUE,
        config: workerConfig,
        extraOptions: process.env.BENCH_WORKER_OPTIONS || null,
      },
      startApi,
      idleTaskQueue: () => `bench-idle-${randomUUID()}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * With BENCH_CPU_PROFILE=api, worker or api,worker, that process writes a V8 CPU profile to
 * bench/results/profiles/<role>-<time>/ when it stops (read the largest file, the main thread's,
 * with `npx tsx bench/profile-summary.ts FILE`).
 */
async function profileArgs(role: 'api' | 'worker'): Promise<string[]> {
  const wanted = (process.env.BENCH_CPU_PROFILE ?? '').split(',').map((name) => name.trim());
  if (!wanted.includes(role)) return [];
  // One folder per process: node writes a profile per thread (the main one and tsx's loader).
  const dir = join(profileDir, `${role}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', dir];
}

function withoutBenchVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('BENCH_')));
}

function pick(env: NodeJS.ProcessEnv, from: string, to: string): Record<string, string> {
  const value = env[from];
  return value ? { [to]: value } : {};
}

/** The variables the API and the worker read, removed so that a developer's shell cannot change a bench. */
export function withoutServiceVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const names = new Set([...API_ENV_VARIABLES, ...WORKER_ENV_VARIABLES]);
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.has(name)));
}

/** The worker is ready once Temporal sees it poll both its workflow and its activity task queue. */
async function waitForPollers(client: Client, taskQueue: string, worker: ManagedProcess, logFile: string) {
  const { TaskQueueType } = proto.temporal.api.enums.v1;
  const probe = async () => {
    for (const taskQueueType of [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]) {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType,
      });
      if (!pollers?.length) throw new Error('no poller yet');
    }
  };
  try {
    await waitUntilReady(probe, { what: 'bench worker', process: worker, timeoutMs: 90_000, intervalMs: 250 });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await logTail(logFile)}`);
  }
}

async function healthy(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

function temporalServerPid(pids: number[]): number {
  const pid = pidOf(pids, 'start-dev');
  if (pid === null) throw new Error('the Temporal dev server process was not found');
  return pid;
}

/** Which of `pids` runs `command` (by its command line), or null. */
export function pidOf(pids: number[], command: string): number | null {
  return (
    pids.find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(command);
      } catch {
        return false;
      }
    }) ?? null
  );
}

/** The bundler logs every module at info; only problems matter here. */
export const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
