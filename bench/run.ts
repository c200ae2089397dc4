/**
 * `npm run bench [-- start e2e latency]`: starts a private Temporal dev server, S3 server,
 * bench worker and API on loopback, runs the selected benches (all by default), prints one
 * table and writes the figures to bench/results/<name>-<date>.json. Every process it started
 * is stopped at the end, on an error, and on Ctrl-C.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { stopAllProcesses } from '../dev/processes';
import { ApiClient, signToken } from './api-client';
import { benchEndToEnd } from './end-to-end';
import { benchHistoryEvents } from './history-events';
import { benchProgressLatency } from './progress-latency';
import { formatTable, writeResults, type BenchResults } from './report';
import { startBenchStack, type BenchStack } from './stack';
import { benchStartOverhead } from './start-overhead';

/** bench:scale runs on its own (bench/scale-run.ts): it needs a worker per bus mode. */
const BENCHES = ['start', 'e2e', 'latency'] as const;
type BenchName = (typeof BENCHES)[number];

const log = (line: string) => console.log(`[bench] ${line}`);
let stack: BenchStack | undefined;

async function main(): Promise<void> {
  const selected = selectedBenches(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = loadavg();
  stack = await startBenchStack(log);
  const { client } = stack;
  const processes = { api: 0, temporal: stack.temporalPid, worker: stack.worker.pid, bench: process.pid };
  const user = async (prefix: string) => {
    const userId = `${prefix}-${randomUUID()}`;
    return { userId, token: await signToken(stack!.jwtSecret, userId) };
  };
  const results: BenchResults = {};

  if (selected.includes('start')) {
    // Its own API, on a task queue no worker polls: the starts alone are measured.
    const taskQueue = stack.idleTaskQueue();
    const api = await stack.startApi(taskQueue);
    try {
      const { userId, token } = await user('bench-start');
      results.start = await benchStartOverhead({
        api: new ApiClient(api.url, token),
        client,
        userId,
        taskQueue,
        processes: { ...processes, api: api.pid },
        log,
      });
    } finally {
      await api.stop();
    }
  }

  const rest = selected.filter((name) => name !== 'start');
  if (rest.length > 0) {
    const api = await stack.startApi(stack.worker.taskQueue);
    const apiFor = async (prefix: string) => {
      const { userId, token } = await user(prefix);
      return { userId, api: new ApiClient(api.url, token) };
    };
    if (rest.includes('e2e')) {
      results.endToEnd = await benchEndToEnd({
        api: (await apiFor('bench-e2e')).api,
        client,
        taskQueue: stack.worker.taskQueue,
        processes: { ...processes, api: api.pid },
        log,
      });
    }
    if (rest.includes('latency')) {
      const latencyApi = (await apiFor('bench-latency')).api;
      const historyApi = (await apiFor('bench-history')).api;
      [results.progressLatency, results.historyEvents] = await Promise.all([
        benchProgressLatency(latencyApi, client, log),
        benchHistoryEvents(historyApi, client, stack.worker.taskQueue, log),
      ]);
    }
  }

  const throttleMs = stack.worker.config.WORKER_HEARTBEAT_THROTTLE_MS;
  const table = formatTable(results, throttleMs);
  const path = await writeResults(selected.length === BENCHES.length ? 'all' : selected.join('-'), {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    benches: selected,
    environment: environment(loadBefore),
    worker: {
      heartbeatThrottleMs: throttleMs,
      maxConcurrentJobs: stack.worker.config.WORKER_MAX_CONCURRENT_JOBS,
      extraOptions: stack.worker.extraOptions,
    },
    results,
    table,
  });
  console.log(`\n${table}\n`);
  log(`results written to ${path}`);
}

function selectedBenches(args: string[]): BenchName[] {
  const unknown = args.filter((arg) => !(BENCHES as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')} (none: all)`);
    process.exit(2);
  }
  return args.length === 0 ? [...BENCHES] : BENCHES.filter((name) => args.includes(name));
}

/** What the figures depend on: the machine, its load, the code. */
function environment(loadBefore: number[]) {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
    commit: git('rev-parse', 'HEAD'),
    uncommittedChanges: (git('status', '--porcelain') ?? '').length > 0,
  };
}

let stopping: Promise<void> | undefined;
let signalled = false;

function stopEverything(): Promise<void> {
  stopping ??= stack ? stack.stop() : stopAllProcesses();
  return stopping;
}

for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
] as const) {
  // Listening keeps dev/processes.ts from re-raising the signal before the stack is stopped.
  process.on(signal, () => {
    signalled = true;
    log(`${signal}: stopping every process the bench started`);
    void stopEverything().finally(() => process.exit(128 + number));
  });
}

main().then(
  () => stopEverything(),
  async (error: unknown) => {
    // A bench cut short by a signal fails in whatever call was under way; that is no news.
    if (signalled) return;
    console.error('[bench] failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    await stopEverything();
    process.exitCode = 1;
  },
);
