/**
 * `npm run bench:scale`: BENCH_SCALE_OPERATIONS operations (default 10,000) started through
 * the API at once, with the progress bus off and then on, side by side in one run (bench/scale.ts
 * says what one run measures). Starts its own Temporal dev server, S3 and NATS servers on
 * loopback, bundles the workflows once, then for each mode a worker process with a slot for
 * every operation and a counting API process (bench/processes/live-api.ts); the bus mode has
 * NATS_URL, the other not. Bounded; stops by itself. Figures only, no assertion.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiClient, signToken } from './api-client';
import { startBusBench } from './live-processes';
import { writeResults } from './report';
import { benchScale, type ScaleResult } from './scale';
import { round } from './stats';

const OPERATIONS = Number(process.env.BENCH_SCALE_OPERATIONS ?? 10_000);
/** The most WORKER_MAX_CONCURRENT_JOBS allows: the worker is not what should top out first. */
const WORKER_SLOTS = Math.min(10_000, OPERATIONS);
const RUN_LIMIT_MS = 80 * 60_000;

const stops: (() => Promise<unknown>)[] = [];
async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) await stop().catch((error: unknown) => console.error(error));
}
const log = (line: string) => console.log(`[bench:scale] ${line}`);

interface ModeResult extends ScaleResult {
  /** The API's Temporal calls during the run, by method. */
  apiCalls: Record<string, number>;
}

async function main(): Promise<void> {
  const bench = await startBusBench('scale', log, stops);
  const { client, dir, natsPid, temporalPid } = bench;
  if (temporalPid === null) throw new Error('the Temporal dev server process was not found');

  const results: ModeResult[] = [];
  for (const bus of ['off', 'on'] as const) {
    const { worker, api } = await bench.startMode(bus, { workerSlots: WORKER_SLOTS });
    try {
      const userId = `bench-scale-${bus}-${randomUUID()}`;
      await api.takeCalls();
      const result = await benchScale({
        api: new ApiClient(api.url, await signToken(bench.secret, userId)),
        client,
        userId,
        bus,
        operations: OPERATIONS,
        workerSlots: WORKER_SLOTS,
        goFile: join(dir, `go-${bus}`),
        processes: {
          api: api.pid,
          temporal: temporalPid,
          worker: worker.pid,
          bench: process.pid,
          ...(bus === 'on' && natsPid !== null ? { nats: natsPid } : {}),
        },
        log,
      });
      results.push({ ...result, apiCalls: await api.takeCalls() });
    } catch (error) {
      log(`bus ${bus}: failed: ${(error as Error).message}`);
    } finally {
      await api.stop();
      await worker.stop();
    }
  }
  report(results);
  const file = await writeResults('scale', { date: new Date().toISOString(), node: process.version, results });
  log(`wrote ${file}`);
}

function report(results: ModeResult[]): void {
  const median = (summary: { median: number; p95: number } | null) =>
    summary ? `${round(summary.median, 0)} / ${round(summary.p95, 0)}` : '–';
  const rows: Record<string, (result: ModeResult) => string | number> = {
    'completed / asked for, closed otherwise': (r) => `${r.completed} / ${r.operations}, ${r.closedOtherwise}`,
    'POSTs per second, 503s tried again, never started': (r) =>
      `${round(r.startsPerSecond, 1)}, ${r.startRetries}, ${r.startFailures}`,
    'steps began after (s), why': (r) => `${round(r.barrierAfterS, 0)}, ${r.barrierBecause}`,
    'running when the steps began': (r) => r.runningAtBarrier,
    'peak running at once (s after 1st POST)': (r) => `${r.peakRunning} (${round(r.peakReachedAfterS, 0)})`,
    'POST → picked up median / p95 (ms)': (r) => median(r.pickupMs),
    'GET median / p95 (ms), errors': (r) => `${median(r.get.ms)}, ${r.get.errors}`,
    'list median / p95 (ms), errors': (r) => `${median(r.list.ms)}, ${r.list.errors}`,
    'worker RSS before / peak (MiB)': (r) =>
      `${round(r.worker.baselineRssMiB ?? 0, 0)} / ${round(r.worker.peakRssMiB, 0)}`,
    'worker RSS per running job (KiB)': (r) =>
      r.worker.rssPerRunningJobMiB === null ? '–' : round(r.worker.rssPerRunningJobMiB * 1024, 0),
    'Temporal dev server peak RSS (MiB)': (r) => round(r.temporalPeakRssMiB, 0),
    'cores used, by process': (r) =>
      Object.entries(r.coresUsed)
        .map(([role, cores]) => `${role} ${round(cores, 2)}`)
        .join(', '),
    'machine busy (%)': (r) => round(r.machineBusy * 100, 0),
    'API Temporal calls, by method': (r) =>
      Object.entries(r.apiCalls)
        .map(([method, count]) => `${method} ${count}`)
        .join(', '),
    'total time (s)': (r) => round(r.totalMs / 1000, 0),
  };
  console.log('');
  console.table(
    Object.fromEntries(
      Object.entries(rows).map(([measure, cell]) => [
        measure,
        Object.fromEntries(results.map((result) => [`bus ${result.bus}`, cell(result)])),
      ]),
    ),
  );
}

const limit = setTimeout(() => {
  console.error(`[bench:scale] gave up after ${RUN_LIMIT_MS / 60_000} min`);
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
