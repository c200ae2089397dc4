/**
 * `npm run bench:live`: how fast progress reaches SSE watchers, and what watching costs, with
 * the progress bus (NATS) off and on, side by side in one run.
 *
 * Starts its own Temporal, S3 and NATS servers (loopback), bundles the workflows once, then for
 * each mode a worker process and a counting API process (bench/processes/live-api.ts), the bus
 * mode with NATS_URL and the other without. Phases: one operation watched by 1, 100 and 1,000
 * SSE clients (200 updates, one every 100 ms), then BENCH_LIVE_OPERATIONS operations (default
 * 1,000) watched at once, one client each (20 updates, one a second). Each update's log line
 * carries the time of the job's call: its arrival at every client gives the delay. Also: the
 * API's Temporal calls per watched operation per second by method while the jobs report, and
 * apart from those the calls per operation of its end and close; the API's and NATS's CPU per
 * watched operation, and the API's RSS. Bounded; stops by itself. Figures only, no assertion.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSse, type SseConnection } from '../test/helpers/sse-client';
import { LIVE_LOG_PATTERN } from './jobs';
import { startBusBench, type BusMode, type LiveApi } from './live-processes';
import { runPool } from './pool';
import { cpuMs, sampleMemory } from './proc';
import { signToken } from './api-client';
import { writeResults } from './report';
import { round, summarize } from './stats';

/** Diagnostics only: BENCH_LIVE_WATCHERS=1,10 and BENCH_LIVE_OPERATIONS=50 make a quick run (BENCH_LIVE_WATCHERS=0: the many-operation phase alone). */
const WATCHER_COUNTS = (process.env.BENCH_LIVE_WATCHERS ?? '1,100,1000')
  .split(',')
  .map(Number)
  .filter((count) => count > 0);
const OPERATIONS = Number(process.env.BENCH_LIVE_OPERATIONS ?? 1000);
/**
 * The many operations update at independent moments, as operations started apart do; with
 * BENCH_LIVE_IN_STEP=1 they update in step (all within the go file's 200 ms poll, each second):
 * the worst case, a burst of every update at once.
 */
const IN_STEP = process.env.BENCH_LIVE_IN_STEP === '1';
const RUN_LIMIT_MS = 20 * 60_000;

interface PhaseResult {
  mode: BusMode;
  phase: string;
  watchedOperations: number;
  watchers: number;
  /** Streams that answered 5xx five times (Temporal too busy for their first read). */
  failedWatchers: number;
  samples: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  windowSeconds: number;
  /**
   * Temporal calls of the API per watched operation per second while the job reports (from the
   * first update until the first stream sees the last), in all and by method.
   */
  callsPerOperationSecond: number;
  callsByMethod: Record<string, number>;
  /** Calls per operation from then until every stream ended: the job's end and the workflow's close. */
  closingCallsPerOperation: number;
  /** CPU ms per second per watched operation (thousandths of a core). */
  apiCpuPerOperation: number;
  natsCpuPerOperation: number | null;
  apiRssMiB: number | null;
}

const stops: (() => Promise<unknown>)[] = [];
async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) await stop().catch((error: unknown) => console.error(error));
}
const log = (line: string) => console.log(`[bench:live] ${line}`);

async function main(): Promise<void> {
  const bench = await startBusBench('live', log, stops);
  const { dir, natsPid } = bench;
  const token = await signToken(bench.secret, 'bench-live');

  const results: PhaseResult[] = [];
  for (const mode of ['off', 'on'] as const) {
    const { worker, api } = await bench.startMode(mode, {
      workerSlots: OPERATIONS + 100,
      apiEnv: { LIVE_STREAMS_PER_USER: '10000' },
    });
    try {
      for (const watchers of WATCHER_COUNTS) {
        log(`bus ${mode}: one operation, ${watchers} watcher(s)`);
        await tryPhase(results, { mode, api, token, natsPid, operations: 1, watchersEach: watchers, goDir: dir });
      }
      log(`bus ${mode}: ${OPERATIONS} operations watched at once`);
      await tryPhase(results, { mode, api, token, natsPid, operations: OPERATIONS, watchersEach: 1, goDir: dir });
    } finally {
      await api.stop();
      await worker.stop();
    }
  }
  await report(results);
}

/** Runs a phase; a failed one is reported as such and the run goes on with the next. */
async function tryPhase(results: PhaseResult[], options: PhaseOptions): Promise<void> {
  try {
    results.push(await runPhase(options));
  } catch (error) {
    log(`phase failed: ${(error as Error).message}`);
  }
}

interface PhaseOptions {
  mode: BusMode;
  api: LiveApi;
  token: string;
  natsPid: number | null;
  operations: number;
  watchersEach: number;
  /** Where the go files of many-operation phases are written. */
  goDir: string;
}

async function runPhase({
  mode,
  api,
  token,
  natsPid,
  operations,
  watchersEach,
  goDir,
}: PhaseOptions): Promise<PhaseResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const many = operations > 1;
  // About 20 s of updates either way: long enough that the long poll's and the reconcile's rates show.
  const updates = many ? 20 : 200;
  const everyMs = many ? 1000 : 100;
  // One operation starts at a set time, once its watchers are connected.
  const startAt = many ? 0 : Date.now() + 3000 + watchersEach * 3;
  // Many operations start together once every watcher is connected, however long that took.
  const goFile = many ? join(goDir, `go-${mode}-${randomUUID()}`) : undefined;
  const ids: string[] = [];
  await runPool(operations, 8, async () => {
    // A loaded machine makes a Temporal call miss its deadline now and then (503): try again, as a client is told to.
    for (let attempt = 1; ; attempt++) {
      const created = await fetch(`${api.url}/v1/operations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          job: 'BenchLiveJob',
          params: { startAt, goFile, updates, everyMs, ...(many && !IN_STEP ? { spread: true } : {}) },
        }),
      });
      if (created.status === 201) {
        ids.push(((await created.json()) as { id: string }).id);
        return;
      }
      const text = await created.text();
      if (created.status !== 503 || attempt === 5) throw new Error(`create answered ${created.status}: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
  const connections: SseConnection[] = [];
  let failedWatchers = 0;
  await runPool(ids.length * watchersEach, 64, async (index) => {
    const id = ids[index % ids.length]!;
    // The first record is read from Temporal: a saturated server answers 503 now and then.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const sse = await openSse(`${api.url}/v1/operations/${id}/events`, { authorization: `Bearer ${token}` });
      if (sse.status === 200) {
        connections.push(sse);
        return;
      }
      // A saturated Temporal fails the first read now and then (503, or a cancelled call: 500).
      if (sse.status < 500) throw new Error(`events answered ${sse.status}: ${sse.body}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    failedWatchers++;
  });
  const late = !many && Date.now() > startAt;
  if (late) log(`warning: watchers were connected ${Date.now() - startAt} ms after the first update`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now() - 200)));

  if (goFile) await writeFile(goFile, '');
  await api.takeCalls();
  const windowStart = Date.now();
  const apiCpuStart = cpuMs(api.pid) ?? 0;
  const natsCpuStart = natsPid === null ? null : cpuMs(natsPid);
  const memory = sampleMemory(api.pid);
  const delays: number[] = [];
  let sawLast!: () => void;
  const lastUpdateSeen = new Promise<void>((resolve) => (sawLast = resolve));
  for (const connection of connections) {
    let lastSeen = 0;
    const measure = (data: string, receivedAt: number) => {
      const { logs } = JSON.parse(data) as { logs: { message: string }[] };
      const match = LIVE_LOG_PATTERN.exec(logs.at(-1)?.message ?? '');
      if (!match || Number(match[1]) <= lastSeen) return;
      lastSeen = Number(match[1]);
      if (lastSeen === updates) sawLast();
      if (Number(match[2]) >= windowStart) delays.push(receivedAt - Number(match[2]));
    };
    connection.onMessage((message) => measure(message.data, message.receivedAt));
  }
  const allClosed = Promise.all(connections.map((connection) => connection.closed));
  await Promise.race([lastUpdateSeen, allClosed]);
  const windowSeconds = (Date.now() - windowStart) / 1000;
  const callsByMethod = await api.takeCalls();
  const apiCpu = (cpuMs(api.pid) ?? 0) - apiCpuStart;
  const natsCpu = natsPid === null || natsCpuStart === null ? null : (cpuMs(natsPid) ?? 0) - natsCpuStart;
  await allClosed;
  const closingCalls = Object.values(await api.takeCalls()).reduce((sum, count) => sum + count, 0);
  const rss = memory.stop();
  const totalCalls = Object.values(callsByMethod).reduce((sum, count) => sum + count, 0);
  const delay = summarize(delays);
  const perOperationSecond = (value: number) => round(value / windowSeconds / operations, 3);
  return {
    mode,
    phase: many ? `${operations} operations` : `${watchersEach} watcher(s)`,
    watchedOperations: operations,
    watchers: operations * watchersEach,
    failedWatchers,
    samples: delays.length,
    p50Ms: delay?.median ?? null,
    p95Ms: delay?.p95 ?? null,
    maxMs: delay?.max ?? null,
    windowSeconds: round(windowSeconds, 1),
    callsPerOperationSecond: perOperationSecond(totalCalls),
    callsByMethod: Object.fromEntries(
      Object.entries(callsByMethod).map(([method, count]) => [method, perOperationSecond(count)]),
    ),
    closingCallsPerOperation: round(closingCalls / operations, 2),
    apiCpuPerOperation: perOperationSecond(apiCpu),
    natsCpuPerOperation: natsCpu === null || mode === 'off' ? null : perOperationSecond(natsCpu),
    apiRssMiB: rss.samples > 0 ? round(rss.peakRssMiB, 0) : null,
  };
}

async function report(results: PhaseResult[]): Promise<void> {
  console.log('');
  console.log(
    "delay: job call → SSE client; calls/op/s: the API's Temporal calls per watched operation per second while the job reports;",
  );
  console.log('calls/op at end: per operation, from its last update until its streams ended (the close);');
  console.log("CPU: ms per second per watched operation (thousandths of a core); RSS: the API's peak during the phase");
  console.table(
    results.map((result) => ({
      bus: result.mode,
      phase: result.phase,
      'failed streams': result.failedWatchers,
      samples: result.samples,
      'p50 ms': result.p50Ms,
      'p95 ms': result.p95Ms,
      'max ms': result.maxMs,
      'calls/op/s': result.callsPerOperationSecond,
      'calls/op at end': result.closingCallsPerOperation,
      'by method': Object.entries(result.callsByMethod)
        .map(([method, rate]) => `${method} ${rate}`)
        .join(', '),
      'API CPU': result.apiCpuPerOperation,
      'NATS CPU': result.natsCpuPerOperation,
      'API RSS MiB': result.apiRssMiB,
    })),
  );
  const file = await writeResults('live', { date: new Date().toISOString(), node: process.version, results });
  log(`wrote ${file}`);
}

const limit = setTimeout(() => {
  console.error(`[bench:live] gave up after ${RUN_LIMIT_MS / 1000} s`);
  void stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
limit.unref();

main()
  .then(stopAll)
  .then(
    () => process.exit(0),
    async (error: unknown) => {
      console.error(error);
      await stopAll();
      process.exit(1);
    },
  );
