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
  operations: number;
  /** The job's steps; every job waits until `barrierAfterS` after the first POST, then steps. */
  steps: number;
  stepMs: number;
  barrierAfterS: number;
  /** Operations a worker had picked up (startedAt) before the barrier. */
  runningAtBarrier: number;
  /** Time to POST them all, and the rate. */
  startMs: number;
  startsPerSecond: number;
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
  worker: { baselineRssMiB: number | null; peakRssMiB: number; kernelPeakMiB: number | null; endRssMiB: number | null };
  /** Cores each process kept busy from the first POST until all closed, and the machine's busy share. */
  coresUsed: Record<string, number>;
  machineBusy: number;
}

const OPERATIONS = 1000;
const START_CONCURRENCY = 32;
/** 25 steps of 1 s: each sets the percentage, adds a log line and checkpoints (as the example `progress`). */
const STEPS = 25;
const STEP_MS = 1000;
/**
 * The steps of every job begin this long after the first POST. On this machine a worker picks
 * up a few dozen operations a second, so without a common start the first would finish before
 * the last began, and 1,000 would never run at once.
 */
const BARRIER_MS = 60_000;
const DEADLINE_MS = 5 * 60_000;
const GET_EVERY_MS = 100;
const LIST_EVERY_MS = 500;
const COUNT_EVERY_MS = 2000;

/**
 * 1,000 operations at once, started through the API: each waits for a common start, then
 * reports progress every second for 25 s (BenchScaleJob). While they run, two readers GET random ones and a third lists the user's
 * operations; the worker's RSS is sampled from /proc; Temporal visibility counts them until
 * all have closed.
 */
export async function benchScale(options: {
  api: ApiClient;
  client: Client;
  userId: string;
  workerPid: number;
  processes: ProcessSet;
  log: (line: string) => void;
}): Promise<ScaleResult> {
  const { api, client } = options;
  const cpu = cpuReading(options.processes);
  const machineBefore = machineCpu();
  const ids: string[] = [];
  const baseline = memoryMiB(options.workerPid)?.rss ?? null;
  const memory = sampleMemory(options.workerPid);
  const controller = new AbortController();
  const get = newProbe();
  const list = newProbe();
  const began = performance.now();

  const startAt = Date.now() + BARRIER_MS;
  options.log(
    `scale: starting ${OPERATIONS} operations: each waits ${BARRIER_MS / 1000} s, then ${STEPS} steps of ${STEP_MS} ms`,
  );
  const starting = runPool(OPERATIONS, START_CONCURRENCY, async () => {
    ids.push(await api.start('BenchScaleJob', { startAt, steps: STEPS, stepMs: STEP_MS }));
  });
  const readers = [
    probe(controller.signal, GET_EVERY_MS, get, () => api.get(ids[Math.floor(Math.random() * ids.length)]!), ids),
    probe(controller.signal, GET_EVERY_MS, get, () => api.get(ids[Math.floor(Math.random() * ids.length)]!), ids),
    probe(controller.signal, LIST_EVERY_MS, list, (round) =>
      api.list(round % 2 === 0 ? '?pageSize=20' : '?pageSize=20&status=running'),
    ),
  ];
  let startMs = 0;
  try {
    startMs = await starting;
    options.log(`scale: all started in ${(startMs / 1000).toFixed(1)} s; waiting for them to finish`);
    await waitUntilClosed(client, options.userId, began + DEADLINE_MS, options.log);
    const totalMs = performance.now() - began;
    const cpuMs = cpu.since();
    const machineAfter = machineCpu();
    const worker = { baselineRssMiB: baseline, ...memory.stop(), endRssMiB: memoryMiB(options.workerPid)?.rss ?? null };
    controller.abort();
    options.log('scale: reading every record');
    const records = await readRecords(client, ids);
    return {
      operations: OPERATIONS,
      steps: STEPS,
      stepMs: STEP_MS,
      barrierAfterS: BARRIER_MS / 1000,
      runningAtBarrier: records.filter((record) => record?.startedAt && Date.parse(record.startedAt) <= startAt).length,
      startMs,
      startsPerSecond: throughput(OPERATIONS, startMs),
      ...concurrency(records, Date.now() - totalMs),
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
      worker,
      coresUsed: Object.fromEntries(Object.entries(cpuMs).map(([role, ms]) => [role, ms / totalMs])),
      machineBusy: (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
    };
  } finally {
    controller.abort();
    memory.stop();
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

/** Polls visibility until every operation of the user has closed, or the deadline. */
async function waitUntilClosed(client: Client, userId: string, deadline: number, log: (line: string) => void) {
  const user = `userId = ${quoteQueryValue(userId)}`;
  const count = async (condition: string) => (await client.workflow.count(`${user} AND ${condition}`)).count;
  let lastLog = 0;
  for (;;) {
    const closed = await count('ExecutionStatus != "Running"');
    if (closed >= OPERATIONS || performance.now() > deadline) return;
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
