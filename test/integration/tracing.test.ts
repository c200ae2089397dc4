import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports';
import { TRACING_OFF } from '../../services/shared/tracing';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';
import { apiRequest, startApiProcess, type ApiProcess } from '../helpers/api-process';
import { signTestToken, TEST_JWT_SECRET, uniqueUser } from '../helpers/api-test-app';
import { startTestOperation, waitForOperation } from '../helpers/operations';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { testServices, workflowBundlePath } from '../helpers/test-services';
import { testClient, uniqueTaskQueue } from '../helpers/test-worker';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

let receiver: OtlpReceiver;
let client: Client;
let api: ApiProcess | undefined;
let worker: WorkerProcess | undefined;
let taskQueue: string;

beforeAll(async () => {
  try {
    // The replay below runs a worker in this process; its state changes are not news.
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier test file.
  }
  receiver = await startOtlpReceiver();
  client = await testClient();
  taskQueue = uniqueTaskQueue('tracing');
  // Exported within 100 ms instead of 5 s. The API sends protobuf (the default), the worker JSON.
  const tracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
  [api, worker] = await Promise.all([
    startApiProcess({
      port: await freePort(),
      services: testServices(),
      taskQueue,
      jwtSecret: TEST_JWT_SECRET,
      env: tracingEnv,
    }),
    startWorkerProcess(client, taskQueue, { ...tracingEnv, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  ]);
});

afterAll(async () => {
  await Promise.all([api?.stop('SIGKILL'), worker?.kill('SIGKILL')]);
  await client?.connection.close();
  await receiver?.close();
});

/** Starts an example operation through the API and waits until it has completed. */
async function runOperation(headers: Record<string, string> = {}): Promise<string> {
  const token = await signTestToken(uniqueUser('tracing'));
  const created = await apiRequest<OperationJson>(`${api!.url}/v1/operations`, {
    method: 'POST',
    token,
    headers,
    body: { job: 'OperationExampleJob', params: { type: 'action' } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await waitForOperation(client, created.body.id, (record) => record.status === 'completed');
  return created.body.id;
}

/** The spans of the trace in which the workflow `workflowId` ran. */
function traceOf(spans: ReceivedSpan[], workflowId: string): ReceivedSpan[] {
  const run = spans.find(
    (span) => span.name === 'RunWorkflow:operationWorkflow' && span.attributes.workflowId === workflowId,
  );
  return run ? spans.filter((span) => span.traceId === run.traceId) : [];
}

const EXPECTED = [
  ['temporal-operations-api', 'request'],
  ['temporal-operations-api', 'StartWorkflow:operationWorkflow'],
  ['temporal-operations-worker', 'RunWorkflow:operationWorkflow'],
  ['temporal-operations-worker', 'StartActivity:runJob'],
  ['temporal-operations-worker', 'RunActivity:runJob'],
] as const;

const hasAll = (trace: ReceivedSpan[]) =>
  EXPECTED.every(([service, name]) => trace.some((span) => span.service === service && span.name === name));

describe('tracing (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('puts the API request, the workflow and the job of one operation in one trace, exported over OTLP/HTTP', async () => {
    const id = await runOperation();
    await receiver.waitFor((spans) => hasAll(traceOf(spans, id)));
    const trace = traceOf(receiver.spans, id);
    const find = (service: string, name: string) => trace.find((s) => s.service === service && s.name === name)!;

    const request = find('temporal-operations-api', 'request');
    expect(request.attributes['http.route']).toBe('/v1/operations');
    expect(request.attributes['http.request.method']).toBe('POST');
    expect(request.parentSpanId, 'a request without traceparent starts the trace').toBeUndefined();
    // Each hop is the child of the one before it, across both processes.
    const start = find('temporal-operations-api', 'StartWorkflow:operationWorkflow');
    const run = find('temporal-operations-worker', 'RunWorkflow:operationWorkflow');
    const schedule = find('temporal-operations-worker', 'StartActivity:runJob');
    const job = find('temporal-operations-worker', 'RunActivity:runJob');
    expect(run.parentSpanId).toBe(start.spanId);
    expect(schedule.parentSpanId).toBe(run.spanId);
    expect(job.parentSpanId).toBe(schedule.spanId);
    expect(job.attributes.temporalWorkflowId).toBe(id);
    // Both encodings reached the receiver: protobuf from the API, JSON from the worker.
    expect(new Set(trace.map((span) => `${span.service} ${span.encoding}`))).toEqual(
      new Set(['temporal-operations-api protobuf', 'temporal-operations-worker json']),
    );
  });

  it('replays the history of a traced workflow, as a worker does after evicting it', async () => {
    const id = await runOperation();
    const history = await client.workflow.getHandle(id).fetchHistory();
    // The started event carries the trace context, so the replay takes the traced path.
    expect(Object.keys(history.events?.[0]?.workflowExecutionStartedEventAttributes?.header?.fields ?? {})).toContain(
      '_tracer-data',
    );
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: workflowBundlePath() },
        sinks: { exporter: makeWorkflowExporter(TRACING_OFF.spanProcessor, TRACING_OFF.resource) },
      },
      history,
      id,
    );
  });

  it("continues a caller's W3C traceparent", async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const id = await runOperation({ traceparent: `00-${traceId}-${parentId}-01` });
    await receiver.waitFor((spans) => hasAll(traceOf(spans, id)));
    const trace = traceOf(receiver.spans, id);
    expect(trace[0]!.traceId).toBe(traceId);
    expect(trace.find((span) => span.name === 'request')!.parentSpanId).toBe(parentId);
  });

  it('leaves a workflow started without a trace context untraced; its job still gets a span', async () => {
    const { id } = await startTestOperation(client, {
      job: 'OperationExampleJob',
      params: { type: 'action' },
      userId: uniqueUser('untraced'),
      taskQueue,
    });
    await waitForOperation(client, id, (record) => record.status === 'completed');
    const isJob = (span: ReceivedSpan) =>
      span.name === 'RunActivity:runJob' && span.attributes.temporalWorkflowId === id;
    await receiver.waitFor((spans) => spans.some(isJob));
    const job = receiver.spans.find(isJob)!;
    expect(job.parentSpanId).toBeUndefined();
    expect(
      receiver.spans.filter((span) => span.name.endsWith(':operationWorkflow') && span.attributes.workflowId === id),
    ).toEqual([]);
  });

  it('leaves probes untraced', async () => {
    const ready = await fetch(`${api!.url}/readyz`);
    expect(ready.status).toBe(200);
    // The API exports its spans in the order they end: once this operation's are in, a /readyz span would be too.
    const id = await runOperation();
    await receiver.waitFor((spans) => hasAll(traceOf(spans, id)));
    expect(receiver.spans.filter((span) => String(span.attributes['url.path'] ?? '').startsWith('/readyz'))).toEqual(
      [],
    );
  });
});
