import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { freePort } from '../../dev/ports';
import { apiRequest, startApiProcess, type ApiProcess } from '../helpers/api-process';
import { heldExampleJob } from '../helpers/held-example-job';
import { countUserWorkflows, signTestToken, TEST_JWT_SECRET, uniqueUser } from '../helpers/api-test-app';
import { openSse, type SseConnection } from '../helpers/sse-client';
import { testServices } from '../helpers/test-services';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';

const OPERATIONS = 4;
const STEPS = 10;
const FINISHED = ['completed', 'failed', 'canceled'];

// Progress stops at 50 % until both restarts are done, so they happen while every operation runs.
const held = heldExampleJob(50);

let client: Client;
let worker: TestWorker;
let api: ApiProcess | undefined;

beforeAll(async () => {
  client = await testClient();
  worker = await startTestWorker({
    taskQueue: uniqueTaskQueue('api-restart'),
    jobs: new JobRegistry([held.jobClass]),
  });
});

afterAll(async () => {
  held.release();
  await api?.stop('SIGKILL');
  await worker?.stop();
  await client?.connection.close();
});

/**
 * An event-stream client that behaves as a browser's EventSource: when the stream drops before
 * the final state it reconnects (with Last-Event-ID), until the operation has finished.
 */
class ReconnectingWatcher {
  readonly events: OperationJson[] = [];
  /** The id of each event, in order of arrival. */
  readonly eventIds: string[] = [];
  /** Streams opened (answered 200), whether or not they delivered an event. */
  connections = 0;
  readonly done: Promise<OperationJson>;
  #current: SseConnection | null = null;
  #lastEventId: string | undefined;
  #stopped = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    timeoutMs: number,
  ) {
    this.done = this.#run(Date.now() + timeoutMs);
    this.done.catch(() => {});
  }

  stop(): void {
    this.#stopped = true;
    this.#current?.close();
  }

  async #run(deadline: number): Promise<OperationJson> {
    while (!this.#stopped && Date.now() < deadline) {
      const headers = { ...this.headers, ...(this.#lastEventId ? { 'last-event-id': this.#lastEventId } : {}) };
      const connection = await openSse(this.url, headers).catch(() => null);
      if (connection?.status === 200) {
        this.#current = connection;
        this.connections++;
        for (;;) {
          const message = await connection.next(Math.max(1, deadline - Date.now())).catch(() => null);
          if (!message) break;
          this.#lastEventId = message.id;
          this.eventIds.push(message.id ?? '');
          const operation = JSON.parse(message.data) as OperationJson;
          this.events.push(operation);
          if (FINISHED.includes(operation.status)) {
            connection.close();
            return operation;
          }
        }
      } else if (connection && connection.status !== 503) {
        throw new Error(`the event stream answered ${connection.status}: ${connection.body}`);
      }
      // Refused while the API restarts (or 503 while it shuts down): try again soon, as EventSource does.
      await sleep(100);
    }
    throw new Error(`no final state within the deadline (${this.events.length} events)`);
  }
}

async function createOperation(token: string, key?: string): Promise<{ status: number; id: string }> {
  const answer = await apiRequest<{ id: string }>(`${api!.url}/v1/operations`, {
    method: 'POST',
    token,
    headers: key ? { 'idempotency-key': key } : {},
    body: { job: 'OperationExampleJob', params: { type: 'progress', steps: STEPS, stepMs: 50 } },
  });
  expect([200, 201], `${JSON.stringify(answer.body)}\n${api!.tail()}`).toContain(answer.status);
  return { status: answer.status, id: answer.body.id };
}

async function eventually(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

describe('the API process restarted while watchers are connected', () => {
  it('lets every watcher reconnect and receive the final state; no operation is lost or duplicated', async () => {
    const port = await freePort();
    api = await startApiProcess({
      port,
      services: testServices(),
      taskQueue: worker.taskQueue,
      jwtSecret: TEST_JWT_SECRET,
    });
    const userId = uniqueUser('restart');
    // Long-lived enough to outlast both restarts below.
    const token = await signTestToken(userId, { expiresAt: Math.floor(Date.now() / 1000) + 600 });

    const ids: string[] = [];
    for (let i = 0; i < OPERATIONS; i++) ids.push((await createOperation(token)).id);
    const idempotent = await createOperation(token, 'restart-key');
    expect(idempotent.status).toBe(201);
    ids.push(idempotent.id);

    // Two watchers per operation: one with the bearer token, one with the browser-session cookie.
    const watchers: ReconnectingWatcher[] = [];
    for (const id of ids) {
      const session = await apiRequest<{ token: string }>(`${api.url}/v1/operations/${id}/browser-session`, {
        method: 'POST',
        token,
      });
      expect(session.status, JSON.stringify(session.body)).toBe(201);
      const url = `${api.url}/v1/operations/${id}/events`;
      watchers.push(new ReconnectingWatcher(url, { authorization: `Bearer ${token}` }, 90_000));
      watchers.push(new ReconnectingWatcher(url, { cookie: `operation_session=${session.body.token}` }, 90_000));
    }
    // Held at 50 % after step 5's log line: from here the state stays the same until the release.
    const halfWay = () =>
      watchers.every((watcher) => watcher.events.at(-1)?.percentage === 50 && watcher.events.at(-1)?.logs.length === 5);
    await eventually(halfWay, 'every watcher has seen its operation held at 50 %');
    const eventsBeforeRestart = watchers.map((watcher) => watcher.events.length);

    // A graceful restart (SIGTERM ends the streams), then a crash (SIGKILL drops them).
    for (const [round, signal] of [
      [1, 'SIGTERM'],
      [2, 'SIGKILL'],
    ] as const) {
      api = await api.restart(signal);
      await eventually(
        () => watchers.every((watcher) => watcher.connections > round),
        `every watcher has reconnected after restart ${round} (${signal})`,
      );
    }
    expect(watchers.every((watcher) => watcher.events.at(-1)?.status === 'running')).toBe(true);
    // Reconnected with Last-Event-ID of the state they had: nothing was sent again.
    expect(watchers.map((watcher) => watcher.events.length)).toEqual(eventsBeforeRestart);
    held.release();

    const finals = await Promise.all(watchers.map((watcher) => watcher.done));
    const steps = Array.from({ length: STEPS }, (_, i) => `Step ${i + 1} of ${STEPS}`);
    for (const [index, final] of finals.entries()) {
      expect(final.id).toBe(ids[Math.floor(index / 2)]);
      expect(final.status).toBe('completed');
      expect(final.percentage).toBe(100);
      expect(final.output.message).toBe(`Completed ${STEPS} steps`);
      expect(final.logs.map((log) => log.message)).toEqual(steps);
      // Continuity across the restarts: progress never went back, no state came twice, none is missing.
      const watcher = watchers[index]!;
      const percentages = watcher.events.map((event) => event.percentage ?? 0);
      expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
      expect(new Set(watcher.eventIds).size).toBe(watcher.eventIds.length);
      expect(watcher.eventIds.every((id) => /^[\w-]{22}$/.test(id))).toBe(true);
      const logCounts = watcher.events.map((event) => event.logs.length);
      expect(logCounts).toEqual([...logCounts].sort((a, b) => a - b));
      expect(percentages).toContain(50);
      expect(watcher.connections).toBe(3);
      // The final event is what the API answers from now on.
      const read = await apiRequest<OperationJson>(`${api.url}/v1/operations/${final.id}`, { token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(final);
    }

    // The idempotent create, retried after the restarts, finds the first operation.
    const retried = await createOperation(token, 'restart-key');
    expect(retried).toEqual({ status: 200, id: idempotent.id });

    const list = await apiRequest<{ operations: { id: string }[]; nextPageToken: string | null }>(
      `${api.url}/v1/operations?pageSize=100`,
      { token },
    );
    expect(list.status).toBe(200);
    expect(list.body.operations.map((operation) => operation.id).sort()).toEqual([...ids].sort());
    expect(await countUserWorkflows(client, userId)).toBe(ids.length);
  });
});
