import { writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { quoteQueryValue } from '@temporal-operations/client';
import type { OperationRecord } from '@temporal-operations/client';
import type { ApiClient } from './api-client';
import { runPool } from './pool';
import { cpuReading, machineCpu, memoryMiB, sampleMemory, type ProcessSet } from './proc';
import { summarize, throughput, type Summary } from './stats';

/** Reads made while the operations ran: how long the answers took, and the failures (first few kept). */
export interface ProbeResult {
  ms: Summary | null;
  errors: number;
  errorSamples: string[];
}

export interface ScaleResult {
  /** Whether the worker and the API had the progress bus (NATS_URL). */
  bus: 'off' | 'on';
  operations: number;
  /** The worker's job slots (WORKER_MAX_CONCURRENT_JOBS). */
  workerSlots: number;
  /** The job's steps; every job waits until the bench writes its go file, then steps. */
  steps: number;
  stepMs: number;
  /** Seconds from the first POST until the go file was written, and why then. */
  barrierAfterS: number;
  barrierBecause: 'all running' | 'stopped growing' | 'pick-up deadline';
  /** Operations a worker had picked up (startedAt) when the go file was written. */
  runningAtBarrier: number;
  /** Time to POST them all, and the rate; POSTs that answered 503 and were tried again; those that never got a 201. */
  startMs: number;
  startsPerSecond: number;
  startRetries: number;
  startFailures: number;
  startFailureSamples: string[];
  /** The most operations running at once: from each record's startedAt to its closedAt. */
  peakRunning: number;
  /** Seconds from the first POST until that many were running. */
  peakReachedAfterS: number;
  completed: number;
  /** Closed in any other way (failed, canceled, timed out). */
  closedOtherwise: number;
  /** From POST to the workflow picking it up (createdAt → startedAt), in ms. */
  pickupMs: Summary | null;
  /** From the first POST until the last operation closed (or the deadline). */
  totalMs: number;
  /** Answered while the operations ran, in ms; errors are non-200 answers and timeouts. */
  get: ProbeResult;
  list: ProbeResult;
  worker: {
    baselineRssMiB: number | null;
    peakRssMiB: number;
    kernelPeakMiB: number | null;
    endRssMiB: number | null;
    /** (peak − baseline) ÷ the peak running at once. */
    rssPerRunningJobMiB: number | null;
  };
  temporalPeakRssMiB: number;
  /** Cores each process kept busy from the first POST until all closed, and the machine's busy share. */
  coresUsed: Record<string, number>;
  machineBusy: number;
}

export interface ScaleOptions {
  api: ApiClient;
  client: Client;
  userId: string;
  bus: 'off' | 'on';
  operations: number;
  workerSlots: number;
  /** The file whose existence starts the steps of every job. */
  goFile: string;
  /** Pids by role; the worker's and Temporal's memory is sampled too. */
  processes: ProcessSet & { worker: number; temporal: number };
  log: (line: string) => void;
}

const START_CONCURRENCY = 32;
/** Tries of one POST that answers 503, 2 s apart. */
const START_ATTEMPTS = 15;
/** 25 steps of 1 s: each sets the percentage, adds a log line and checkpoints (as the example `progress` job). */
const STEPS = 25;
const STEP_MS = 1000;
/**
 * The steps begin once every operation runs, or once the running count has not grown for this
 * long (the set-up tops out: slots, the server, memory), or at the pick-up deadline. A worker
 * picks up some dozens of operations a second here: without a common start the first would
 * finish before the last began.
 */
const PLATEAU_MS = 30_000;
const PICKUP_DEADLINE_MS = 12 * 60_000;
const CLOSE_DEADLINE_MS = 15 * 60_000;
const GET_EVERY_MS = 100;
const LIST_EVERY_MS = 500;
const COUNT_EVERY_MS = 2000;

/**
 * `operations` operations at once, started through the API: each waits for the go file, then
 * reports progress every second for 25 s (BenchScaleJob). While they run, two readers GET random
 * ones and a third lists the user's operations; the worker's and Temporal's RSS are sampled from
 * /proc; Temporal visibility counts them until all have closed.
 */
export async function benchScale(options: ScaleOptions): Promise<ScaleResult> {
  const { api, client, operations } = options;
  const cpu = cpuReading(options.processes);
  const machineBefore = machineCpu();
  const ids: string[] = [];
  const baseline = memoryMiB(options.processes.worker)?.rss ?? null;
  const memory = sampleMemory(options.processes.worker);
  const temporalMemory = sampleMemory(options.processes.temporal);
  const controller = new AbortController();
  const get = newProbe();
  const list = newProbe();
  const began = performance.now();
  const count = visibilityCount(client, options.userId);

  options.log(
    `scale, bus ${options.bus}: starting ${operations} operations; their ${STEPS} steps of ${STEP_MS} ms begin once all run or their number stops growing`,
  );
  let startRetries = 0;
  const startFailures: string[] = [];
  const starting = runPool(operations, START_CONCURRENCY, async () => {
    // A saturated Temporal misses deadlines (503): try again a while, as a client is told to;
    // a start that still fails is counted, and the run goes on with the others.
    for (let attempt = 1; ; attempt++) {
      try {
        ids.push(await api.start('BenchScaleJob', { goFile: options.goFile, steps: STEPS, stepMs: STEP_MS }));
        return;
      } catch (error) {
        const message = (error as Error).message;
        if (!/answered 503/.test(message) || attempt === START_ATTEMPTS) {
          startFailures.push(message.slice(0, 300));
          return;
        }
        startRetries++;
        await delay(2000);
      }
    }
  });
  const readers = [
    probe(controller.signal, GET_EVERY_MS, get, () => api.get(ids[Math.floor(Math.random() * ids.length)]!), ids),
    probe(controller.signal, GET_EVERY_MS, get, () => api.get(ids[Math.floor(Math.random() * ids.length)]!), ids),
    probe(controller.signal, LIST_EVERY_MS, list, (round) =>
      api.list(round % 2 === 0 ? '?pageSize=20' : '?pageSize=20&status=running'),
    ),
  ];
  try {
    const startMs = await starting;
    options.log(`scale: all started in ${(startMs / 1000).toFixed(1)} s; waiting until they run`);
    if (startFailures.length > 0) options.log(`scale: ${startFailures.length} starts failed, e.g. ${startFailures[0]}`);
    const barrier = await waitForBarrier(count, ids.length, began, options.log);
    await writeFile(options.goFile, '');
    const goAt = Date.now();
    const barrierAfterS = (performance.now() - began) / 1000;
    options.log(`scale: the steps begin with ${barrier.running} running (${barrier.because})`);
    await waitUntilClosed(count, ids.length, performance.now() + CLOSE_DEADLINE_MS, options.log);
    const totalMs = performance.now() - began;
    const cpuMs = cpu.since();
    const machineAfter = machineCpu();
    const workerMemory = memory.stop();
    controller.abort();
    options.log('scale: reading every record');
    const records = await readRecords(client, ids);
    const together = concurrency(records, Date.now() - totalMs);
    return {
      bus: options.bus,
      operations,
      workerSlots: options.workerSlots,
      steps: STEPS,
      stepMs: STEP_MS,
      barrierAfterS,
      barrierBecause: barrier.because,
      runningAtBarrier: records.filter((record) => record?.startedAt && Date.parse(record.startedAt) <= goAt).length,
      startMs,
      startsPerSecond: throughput(ids.length, startMs),
      startRetries,
      startFailures: startFailures.length,
      startFailureSamples: startFailures.slice(0, 3),
      ...together,
      completed: records.filter((record) => record?.status === 'completed').length,
      closedOtherwise: records.filter((record) => record && record.status !== 'completed').length,
      pickupMs: summarize(
        records.flatMap((record) =>
          record?.startedAt ? [Date.parse(record.startedAt) - Date.parse(record.createdAt)] : [],
        ),
      ),
      totalMs,
      get: probeResult(get),
      list: probeResult(list),
      worker: {
        baselineRssMiB: baseline,
        ...workerMemory,
        endRssMiB: memoryMiB(options.processes.worker)?.rss ?? null,
        rssPerRunningJobMiB:
          baseline === null || together.peakRunning === 0
            ? null
            : (workerMemory.peakRssMiB - baseline) / together.peakRunning,
      },
      temporalPeakRssMiB: temporalMemory.stop().peakRssMiB,
      coresUsed: Object.fromEntries(Object.entries(cpuMs).map(([role, ms]) => [role, ms / totalMs])),
      machineBusy: (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
    };
  } finally {
    controller.abort();
    memory.stop();
    temporalMemory.stop();
    await Promise.allSettled(readers);
  }
}

type Probe = { latencies: number[]; errors: string[] };

const newProbe = (): Probe => ({ latencies: [], errors: [] });

function probeResult(probe: Probe): ProbeResult {
  return { ms: summarize(probe.latencies), errors: probe.errors.length, errorSamples: probe.errors.slice(0, 5) };
}

/** Calls `read` every `everyMs` until aborted, recording how long each answer took, and each failure. */
async function probe(
  signal: AbortSignal,
  everyMs: number,
  into: Probe,
  read: (round: number) => Promise<unknown>,
  needs?: unknown[],
): Promise<void> {
  for (let round = 0; !signal.aborted; round++) {
    const began = performance.now();
    if (!needs || needs.length > 0) {
      try {
        await read(round);
        into.latencies.push(performance.now() - began);
      } catch (error) {
        into.errors.push(
          `after ${Math.round(performance.now() - began)} ms: ${(error as Error).message.slice(0, 300)}`,
        );
      }
    }
    const wait = Math.max(0, began + everyMs - performance.now());
    await delay(wait, undefined, { signal }).catch(() => undefined);
  }
}

type Count = (condition: string) => Promise<number>;

/** Counts the user's operations in Temporal visibility that match `condition`. */
function visibilityCount(client: Client, userId: string): Count {
  const user = `userId = ${quoteQueryValue(userId)}`;
  return async (condition) => (await client.workflow.count(`${user} AND ${condition}`)).count;
}

/** Waits until every operation runs, or their number has not grown for PLATEAU_MS, or the deadline. */
async function waitForBarrier(
  count: Count,
  operations: number,
  began: number,
  log: (line: string) => void,
): Promise<{ running: number; because: ScaleResult['barrierBecause'] }> {
  let most = 0;
  let grewAt = performance.now();
  let lastLog = 0;
  for (;;) {
    const running = await count('operationStatus = "running"');
    if (running >= operations) return { running, because: 'all running' };
    if (running > most) {
      most = running;
      grewAt = performance.now();
    }
    if (performance.now() - grewAt > PLATEAU_MS) return { running, because: 'stopped growing' };
    if (performance.now() - began > PICKUP_DEADLINE_MS) return { running, because: 'pick-up deadline' };
    if (performance.now() - lastLog > 10_000) {
      log(`scale: ${running} running`);
      lastLog = performance.now();
    }
    await delay(COUNT_EVERY_MS);
  }
}

/** Polls visibility until every operation of the user has closed, or the deadline. */
async function waitUntilClosed(count: Count, operations: number, deadline: number, log: (line: string) => void) {
  let lastLog = 0;
  for (;;) {
    const closed = await count('ExecutionStatus != "Running"');
    if (closed >= operations || performance.now() > deadline) return;
    if (performance.now() - lastLog > 10_000) {
      log(`scale: ${await count('operationStatus = "running"')} running, ${closed} closed`);
      lastLog = performance.now();
    }
    await delay(COUNT_EVERY_MS);
  }
}

/** Every operation's final record (null when it has not closed), read from its workflow result. */
async function readRecords(client: Client, ids: string[]): Promise<(OperationRecord | null)[]> {
  const records: (OperationRecord | null)[] = [];
  await runPool(ids.length, 16, async (index) => {
    const handle = client.workflow.getHandle(ids[index]!);
    const closed = (await handle.describe()).status.name !== 'RUNNING';
    records[index] = closed ? ((await handle.result().catch(() => null)) as OperationRecord | null) : null;
  });
  return records;
}

/** The most records whose [startedAt, closedAt] overlap, and when (seconds after `since`) that was first reached. */
function concurrency(records: (OperationRecord | null)[], since: number) {
  const edges = records.flatMap((record) =>
    record?.startedAt && record.closedAt
      ? [
          { at: Date.parse(record.startedAt), delta: 1 },
          { at: Date.parse(record.closedAt), delta: -1 },
        ]
      : [],
  );
  // Closing before opening at the same instant: touching intervals do not overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let peakRunning = 0;
  let peakAt = since;
  for (const edge of edges) {
    running += edge.delta;
    if (running > peakRunning) {
      peakRunning = running;
      peakAt = edge.at;
    }
  }
  return { peakRunning, peakReachedAfterS: (peakAt - since) / 1000 };
}
