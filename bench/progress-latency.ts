import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { FINISHED_STATUSES, type OperationRecord } from '@temporal-operations/client';
import type { ApiClient, OperationJson } from './api-client';
import { LATENCY_LOG_PATTERN } from './jobs';
import { summarize, type Summary } from './stats';

export interface ProgressLatencyResult {
  operationId: string;
  updates: number;
  /** Updates never seen by the poller (replaced by the next before a GET saw them). */
  missed: number;
  /** From the `updateOperationPercentage` call to the first GET answer that shows the value, in ms. */
  latencyMs: Summary | null;
  /** Each update: percentage, ms until seen (null when missed). */
  samples: { percentage: number; latencyMs: number | null }[];
  /** Duration of the poller's GETs, in ms. */
  getMs: Summary | null;
  pollIntervalMs: number;
  /**
   * Log lines missing from the first GET answer that read `completed`, compared with the
   * workflow's result (a finished record merged with a stale heartbeat); 0 when consistent.
   */
  logsMissingFromFirstCompletedRead: number;
}

const STEPS = 20;
const STEP_MS = 1000;
const POLL_INTERVAL_MS = 25;
const DEADLINE_MS = 60_000;

/**
 * The latency of issue 3's closing figure: a job sets 5, 10 … 100 %, one per second, logging
 * the time of each call; a poller GETs the operation every 25 ms and notes when each value
 * first shows. Both clocks are this machine's wall clock.
 */
export async function benchProgressLatency(
  api: ApiClient,
  client: Client,
  log: (line: string) => void,
): Promise<ProgressLatencyResult> {
  log(`progress latency: ${STEPS} updates, one per ${STEP_MS} ms, GET every ${POLL_INTERVAL_MS} ms`);
  const id = await api.start('BenchLatencyJob', { steps: STEPS, stepMs: STEP_MS });
  const firstSeen = new Map<number, number>();
  const getMs: number[] = [];
  const deadline = Date.now() + DEADLINE_MS;
  let final: OperationJson | undefined;
  while (Date.now() < deadline) {
    const sent = Date.now();
    const operation = await api.get(id);
    const received = Date.now();
    getMs.push(received - sent);
    if (operation.percentage !== null && !firstSeen.has(operation.percentage)) {
      firstSeen.set(operation.percentage, received);
    }
    if (FINISHED_STATUSES.includes(operation.status)) {
      final = operation;
      break;
    }
    await delay(Math.max(0, sent + POLL_INTERVAL_MS - Date.now()));
  }
  if (final?.status !== 'completed') throw new Error(`latency operation ${id} did not complete in time`);

  // The call times come from the workflow's result: the whole record, whatever a GET raced with.
  const result = (await client.workflow.getHandle(id).result()) as OperationRecord;
  const samples = result.logs.flatMap(({ message }) => {
    const match = LATENCY_LOG_PATTERN.exec(message);
    if (!match) return [];
    const percentage = Number(match[1]);
    const seen = firstSeen.get(percentage);
    return [{ percentage, latencyMs: seen === undefined ? null : seen - Number(match[2]) }];
  });
  const seen = samples.flatMap((sample) => (sample.latencyMs === null ? [] : [sample.latencyMs]));
  return {
    operationId: id,
    updates: samples.length,
    missed: samples.length - seen.length,
    latencyMs: summarize(seen),
    samples,
    getMs: summarize(getMs),
    pollIntervalMs: POLL_INTERVAL_MS,
    logsMissingFromFirstCompletedRead: result.logs.length - final.logs.length,
  };
}
