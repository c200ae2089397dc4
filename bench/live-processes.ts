import { fork, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { freePort, LOOPBACK } from '../dev/ports';
import { waitUntilReady } from '../dev/wait-until-ready';
import { logTail, spawnService } from './child-process';

const root = fileURLToPath(new URL('..', import.meta.url));

/** An API process of bench:live, whose Temporal calls are counted (bench/processes/live-api.ts). */
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
