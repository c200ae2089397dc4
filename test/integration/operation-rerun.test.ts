import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { formBody } from '../helpers/multipart-form';
import { isFinished, questionApi } from '../helpers/question-api';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let worker: TestWorker;
let ops: ReturnType<typeof questionApi>;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  ops = questionApi(api);
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

async function rerun(userId: string, id: string, body: Record<string, unknown> = {}) {
  return api.app.inject({
    method: 'POST',
    url: `/v1/operations/${id}/rerun`,
    headers: await authHeader(userId),
    payload: body,
  });
}

describe('POST /v1/operations/{id}/rerun', () => {
  it('runs a finished operation again, with the same or edited params, linked by rerunOf', async () => {
    const user = uniqueUser('rerunner');
    const first = await ops.create(user, { type: 'progress', steps: 2, stepMs: 20 });
    await ops.waitFor(user, first.id, isFinished);

    const same = await rerun(user, first.id);
    expect(same.statusCode, same.body).toBe(201);
    expect(same.headers.location).toBe(`/v1/operations/${same.json().id}`);
    expect(same.json()).toMatchObject({ job: 'OperationExampleJob', params: first.params, rerunOf: first.id });
    expect((await ops.waitFor(user, same.json().id, isFinished)).output.message).toBe('Completed 2 steps');

    const edited = await rerun(user, first.id, { params: { type: 'progress', steps: 3, stepMs: 20 } });
    expect(edited.statusCode, edited.body).toBe(201);
    const done = await ops.waitFor(user, edited.json().id, isFinished);
    expect(done).toMatchObject({ rerunOf: first.id, output: { message: 'Completed 3 steps' } });
  });

  it('refuses bad params (422), an unfinished operation (409) and someone else’s (404)', async () => {
    const user = uniqueUser('rerun-refused');
    const running = await ops.create(user, { type: 'cancellable', steps: 50, stepMs: 100 });
    expect((await rerun(user, running.id)).statusCode).toBe(409);
    expect((await rerun(uniqueUser('stranger'), running.id)).statusCode).toBe(404);
    await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${running.id}/cancel`,
      headers: await authHeader(user),
    });
    await ops.waitFor(user, running.id, isFinished);
    const bad = await rerun(user, running.id, { params: { type: 'nope', steps: 0 } });
    expect(bad.statusCode).toBe(422);
    expect((bad.json() as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['/params/type', '/params/steps']),
    );
    expect((await rerun(user, 'op_nope')).statusCode).toBe(404);
  });

  it('reuses the input file: the rerun reads the same bytes from its own copy', async () => {
    const user = uniqueUser('rerun-file');
    const boundary = 'rerun-boundary';
    const chunks: Buffer[] = [];
    for await (const chunk of formBody(boundary, [
      { name: 'job', value: 'OperationExampleJob' },
      { name: 'params', value: JSON.stringify({ type: 'input_file' }) },
      { name: 'file', filename: 'notes.txt', contentType: 'text/plain', body: Buffer.from('one\ntwo\n') },
    ]))
      chunks.push(chunk);
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: { ...(await authHeader(user)), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(chunks),
    });
    expect(created.statusCode, created.body).toBe(201);
    const first = await ops.waitFor(user, created.json().id, isFinished);
    expect(first.output.message).toBe('You uploaded the file notes.txt (8 bytes, 2 lines)');

    const again = await rerun(user, first.id);
    expect(again.statusCode, again.body).toBe(201);
    const done = await ops.waitFor(user, again.json().id, isFinished);
    expect(done.output.message).toBe('You uploaded the file notes.txt (8 bytes, 2 lines)');
    expect(done.inputFile).toMatchObject({ name: 'notes.txt', url: `/v1/operations/${done.id}/input-file` });
  });
});
