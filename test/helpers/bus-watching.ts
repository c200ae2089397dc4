import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { ApiApp } from '../../services/api/app';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';
import { authHeader } from './api-test-app';
import { openSse, type SseConnection } from './sse-client';

/** Every Operation an event stream delivered, in order, until the stream closes. */
export interface WatchedStream {
  sse: SseConnection;
  records: OperationJson[];
  /** Resolves with every record once the server ended the stream. */
  done: Promise<OperationJson[]>;
}

/** Starts an OperationExampleJob through the API (in-process) and answers its id. */
export async function startExampleOperation(
  app: ApiApp,
  userId: string,
  params: Record<string, unknown>,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(userId),
    payload: { job: 'OperationExampleJob', params },
  });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

/** Opens the operation's event stream over real HTTP and collects what it sends. */
export async function watchOverSse(baseUrl: string, id: string, userId: string): Promise<WatchedStream> {
  const sse = await openSse(`${baseUrl}/v1/operations/${id}/events`, await authHeader(userId));
  expect(sse.status, sse.body).toBe(200);
  const records: OperationJson[] = [];
  const collect = (data: string) => records.push(JSON.parse(data) as OperationJson);
  sse.messages.forEach((message) => collect(message.data));
  sse.onMessage((message) => collect(message.data));
  return { sse, records, done: sse.closed.then(() => records) };
}

/** Polls a condition (bounded). */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

/** The percentages a stream showed while the operation ran (the final record left out). */
export function runningPercentages(records: OperationJson[]): (number | null)[] {
  return records.filter((record) => record.status === 'running').map((record) => record.percentage);
}

/** Percentages never decrease and statuses never go back from a final one. */
export function expectNeverBackwards(records: OperationJson[]): void {
  let last = -1;
  for (const record of records) {
    if (record.percentage === null) continue;
    expect(record.percentage, 'a percentage went backwards').toBeGreaterThanOrEqual(last);
    last = record.percentage;
  }
  const final = records.findIndex((record) => ['completed', 'failed', 'canceled'].includes(record.status));
  if (final >= 0) expect(records.slice(final + 1), 'records after the final one').toEqual([]);
}
