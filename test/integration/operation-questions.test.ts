import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationExampleJob } from '../../jobs/operation-example-job';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { isFinished, isWaiting, questionApi } from '../helpers/question-api';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

/** A job whose question no form can render: it must fail when it asks, with the reason. */
class UnrenderableQuestionJob extends OperationJob<Record<string, never>> {
  static override readonly params = Type.Object({});
  async perform(): Promise<void> {
    await this.askOperationInput({
      title: 'Where to?',
      schema: Type.Object({ address: Type.Object({ street: Type.String() }) }),
    });
  }
}

const jobs = new JobRegistry([OperationExampleJob, UnrenderableQuestionJob]);

let api: TestApi;
let client: Client;
const workers: TestWorker[] = [];
let ops: ReturnType<typeof questionApi>;

beforeAll(async () => {
  api = await startTestApi({}, jobs);
  client = api.client;
  ops = questionApi(api);
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await api?.close();
});

async function startWorker(options: { maxConcurrentJobs?: number } = {}): Promise<TestWorker> {
  const worker = await startTestWorker({ taskQueue: api.taskQueue, jobs, ...options });
  workers.push(worker);
  return worker;
}

/** The events of an operation's history, by type name. */
async function historyEvents(id: string): Promise<string[]> {
  const { events } = await client.workflow.getHandle(id).fetchHistory();
  return (events ?? []).map((event) => proto.temporal.api.enums.v1.EventType[event.eventType ?? 0]!);
}

const SIGNALED = 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED';

/** Prints the events a question added, for the README's figures. */
const figures: string[] = [];
afterAll(() => console.log(figures.join('\n')));

describe('a job that asks (with a worker)', () => {
  let worker: TestWorker;
  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.stop();
  });

  it('input_form: waits with its question, refuses bad answers, then goes on with the good one', async () => {
    const user = uniqueUser('asker');
    const created = await ops.create(user, { type: 'input_form' });
    const waiting = await ops.waitFor(user, created.id, isWaiting);
    expect(waiting.question).toMatchObject({
      id: 'q1',
      kind: 'input',
      title: 'Pick a number and a colour',
      description: null,
      expiresAt: null,
      schema: { type: 'object', required: ['number', 'colour'] },
    });
    expect(waiting.timeline.map((entry) => entry.type)).toEqual(['created', 'started', 'question-asked']);
    // Operators see the open question in the Temporal UI (the workflow's current details).
    const metadata = await client.workflow.getHandle(created.id).query(workflowMetadataQuery);
    expect(metadata.currentDetails).toContain('Pick a number and a colour');
    // The list filters on it (visibility is eventually consistent).
    await expect
      .poll(
        async () => {
          const listed = await api.app.inject({
            url: '/v1/operations?status=waiting',
            headers: await authHeader(user),
          });
          return (listed.json() as { operations: { id: string }[] }).operations.map((operation) => operation.id);
        },
        { timeout: 10_000, interval: 250 },
      )
      .toEqual([created.id]);

    const bad = await ops.answer(user, created.id, { answer: { number: 11, colour: 'green', extra: 1 } });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = (bad.json() as { errors: { path: string }[] }).errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['/answer/number', '/answer/colour', '/answer/extra']));
    const missing = await ops.answer(user, created.id, { answer: {} });
    expect(missing.statusCode).toBe(422);
    expect(await historyEvents(created.id)).not.toContain(SIGNALED);

    const stale = await ops.answer(user, created.id, { questionId: 'q2', answer: { number: 7, colour: 'blue' } });
    expect(stale.statusCode).toBe(409);

    // The same answer twice, at once: both accepted, recorded once.
    const good = { questionId: 'q1', answer: { number: 7, colour: 'blue' } };
    const [first, second] = await Promise.all([ops.answer(user, created.id, good), ops.answer(user, created.id, good)]);
    expect(first.statusCode, first.body).toBe(202);
    expect(second.statusCode, second.body).toBe(202);

    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done).toMatchObject({ status: 'completed', question: null, output: { message: 'You chose 7 and blue' } });
    expect(done.logs.map((log) => log.message)).toEqual(['Number: 7', 'Colour: blue']);
    expect(done.timeline.map((entry) => entry.type)).toEqual([
      'created',
      'started',
      'question-asked',
      'question-answered',
      'completed',
    ]);
    const events = await historyEvents(created.id);
    expect(events.filter((type) => type === SIGNALED)).toHaveLength(1);
    // Bounded: a question adds a handful of events, however long the person takes.
    figures.push(`input_form, one question answered: ${events.length} history events`);
    expect(events.length).toBeLessThanOrEqual(40);

    const late = await ops.answer(user, created.id, good);
    expect(late.statusCode).toBe(409);
  });

  it('approval: approved writes the file; the work before the question is not done twice', async () => {
    const user = uniqueUser('approver');
    const created = await ops.create(user, { type: 'approval', steps: 3 });
    const waiting = await ops.waitFor(user, created.id, isWaiting);
    expect(waiting.question).toMatchObject({ kind: 'approval', title: 'Write example.csv with 3 rows?' });
    expect(waiting.logs.map((log) => log.message)).toEqual(['Prepared 3 rows']);
    const approved = await ops.answer(user, created.id, { answer: { approved: true } });
    expect(approved.statusCode, approved.body).toBe(202);
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done.status).toBe('completed');
    expect(done.output.file).toMatchObject({ name: 'example.csv', contentType: 'text/csv' });
    expect(done.logs.map((log) => log.message)).toEqual(['Prepared 3 rows']);
  });

  it('approval: rejected ends with "Rejected" and no file', async () => {
    const user = uniqueUser('rejecter');
    const created = await ops.create(user, { type: 'approval' });
    await ops.waitFor(user, created.id, isWaiting);
    expect((await ops.answer(user, created.id, { answer: { approved: 'yes' } })).statusCode).toBe(422);
    expect((await ops.answer(user, created.id, { answer: { approved: false } })).statusCode).toBe(202);
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done).toMatchObject({ status: 'completed', output: { message: 'Rejected', file: null } });
  });

  it("refuses an answer to another user's operation (404), an oversized one (413), one with no question (409)", async () => {
    const owner = uniqueUser('owner');
    const created = await ops.create(owner, { type: 'approval' });
    await ops.waitFor(owner, created.id, isWaiting);
    const strangerId = uniqueUser('stranger');
    const stranger = await ops.answer(strangerId, created.id, { answer: { approved: true } });
    expect(stranger.statusCode).toBe(404);
    // Nothing tells someone else's operation from one that does not exist.
    const unknownId = 'op_00000000000000000000000000';
    const nobodys = await ops.answer(strangerId, unknownId, { answer: { approved: true } });
    expect(stranger.json()).toEqual(JSON.parse(nobodys.body.replaceAll(unknownId, created.id)));
    const huge = await ops.answer(owner, created.id, { answer: { approved: true, note: 'x'.repeat(70 * 1024) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    expect(await historyEvents(created.id)).not.toContain(SIGNALED);
    expect((await ops.answer(owner, created.id, { answer: { approved: true } })).statusCode).toBe(202);
    await ops.waitFor(owner, created.id, isFinished);

    const running = await ops.create(owner, { type: 'progress', steps: 4, stepMs: 250 });
    const notAsked = await ops.answer(owner, running.id, { answer: {} });
    expect(notAsked.statusCode).toBe(409);
    await ops.waitFor(owner, running.id, isFinished);
  });

  it('an unanswered question expires: the operation fails, and an answer after that answers 409', async () => {
    const user = uniqueUser('slow');
    const created = await ops.create(user, { type: 'input_form', answerTimeoutMs: 1500 });
    const waiting = await ops.waitFor(user, created.id, isWaiting);
    expect(Date.parse(waiting.question!.expiresAt!) - Date.parse(waiting.question!.askedAt)).toBe(1500);
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done).toMatchObject({ status: 'failed', question: null });
    expect(done.error?.message).toContain('No answer to "Pick a number and a colour" was given in time');
    expect(done.timeline.map((entry) => entry.type)).toContain('question-expired');
    const late = await ops.answer(user, created.id, { answer: { number: 1, colour: 'red' } });
    expect(late.statusCode).toBe(409);
  });

  it('an unanswered question with a default answer goes on with it when time is up', async () => {
    const user = uniqueUser('defaulted');
    const created = await ops.create(user, { type: 'input_form', answerTimeoutMs: 1000, whenUnanswered: 'default' });
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done).toMatchObject({ status: 'completed', output: { message: 'You chose 1 and red' } });
    expect(done.timeline.map((entry) => entry.type)).toEqual([
      'created',
      'started',
      'question-asked',
      'question-expired',
      'completed',
    ]);
  });

  it('a waiting operation can be cancelled', async () => {
    const user = uniqueUser('canceller');
    const created = await ops.create(user, { type: 'approval' });
    await ops.waitFor(user, created.id, isWaiting);
    const cancel = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${created.id}/cancel`,
      headers: await authHeader(user),
    });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done).toMatchObject({ status: 'canceled', question: null });
    expect(done.timeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['question-asked', 'cancel-requested', 'canceled']),
    );
  });

  it('a question schema the form cannot render fails the job at ask time, with the reason', async () => {
    const user = uniqueUser('unrenderable');
    const created = await ops.create(user, {}, 'UnrenderableQuestionJob');
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toContain('The question "Where to?" cannot be shown as a form');
    expect(done.error?.message).toContain('field "address"');
  });
});

describe('the OpenAPI document', () => {
  it('describes answering and rerunning, with their refusals', async () => {
    const document = (await api.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const input = document.paths['/v1/operations/{id}/input']?.post;
    expect(Object.keys(input?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '404', '409', '410', '413', '422']),
    );
    const rerun = document.paths['/v1/operations/{id}/rerun']?.post;
    expect(Object.keys(rerun?.responses ?? {})).toEqual(expect.arrayContaining(['201', '404', '409', '422']));
    const statuses = JSON.stringify(document).includes('"waiting"');
    expect(statuses).toBe(true);
  });
});

describe('a durable question', () => {
  it('is answered while no worker runs; the operation completes once a worker starts', async () => {
    const user = uniqueUser('offline');
    let worker = await startWorker();
    const created = await ops.create(user, { type: 'input_form' });
    await ops.waitFor(user, created.id, isWaiting);
    await worker.stop();

    // No worker: the API still reads the question (from the memo) and takes the answer.
    const offline = await ops.read(user, created.id);
    expect(offline).toMatchObject({ status: 'waiting', question: { id: 'q1' } });
    const bad = await ops.answer(user, created.id, { answer: { number: 0, colour: 'red' } });
    expect(bad.statusCode).toBe(422);
    const answered = await ops.answer(user, created.id, { answer: { number: 3, colour: 'red' } });
    expect(answered.statusCode, answered.body).toBe(202);
    expect((await historyEvents(created.id)).filter((type) => type === SIGNALED)).toHaveLength(1);

    worker = await startWorker();
    const done = await ops.waitFor(user, created.id, isFinished);
    expect(done).toMatchObject({ status: 'completed', output: { message: 'You chose 3 and red' } });
    await worker.stop();
  });

  it('refuses an answer after the question expired, even while no worker has noticed (410)', async () => {
    const user = uniqueUser('expired');
    const worker = await startWorker();
    const created = await ops.create(user, { type: 'input_form', answerTimeoutMs: 2000 });
    const waiting = await ops.waitFor(user, created.id, isWaiting);
    await worker.stop();
    await sleep(Math.max(0, Date.parse(waiting.question!.expiresAt!) - Date.now()) + 100);
    const late = await ops.answer(user, created.id, { answer: { number: 1, colour: 'red' } });
    expect(late.statusCode, late.body).toBe(410);
    expect(await historyEvents(created.id)).not.toContain(SIGNALED);
  });

  it('holds no worker slot: a worker that runs one job at a time runs another while the first waits', async () => {
    const user = uniqueUser('slots');
    const worker = await startWorker({ maxConcurrentJobs: 1 });
    const asking = await ops.create(user, { type: 'approval', steps: 2 });
    await ops.waitFor(user, asking.id, isWaiting);
    const other = await ops.create(user, { type: 'progress', steps: 2, stepMs: 50 });
    const otherDone = await ops.waitFor(user, other.id, isFinished);
    expect(otherDone.status).toBe('completed');
    expect((await ops.read(user, asking.id)).status).toBe('waiting');
    expect((await ops.answer(user, asking.id, { answer: { approved: true } })).statusCode).toBe(202);
    expect((await ops.waitFor(user, asking.id, isFinished)).status).toBe('completed');
    await worker.stop();
  });
});
