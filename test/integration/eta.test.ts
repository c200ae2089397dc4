import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let worker: TestWorker;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

describe('etaAt', () => {
  it('projects a job of known pace (5 % every 600 ms) to its end, and is null at 0 % and once done', async () => {
    const user = uniqueUser();
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(user),
      payload: { job: 'OperationExampleJob', params: { type: 'progress', steps: 20, stepMs: 600 } },
    });
    expect(created.json().etaAt).toBeNull();
    const id = created.json().id;
    const read = async () =>
      (await api.app.inject({ url: `/v1/operations/${id}`, headers: await authHeader(user) })).json();

    let estimated: { percentage: number; etaAt: string; logs: { at: string }[] } | undefined;
    const seenAtZero: unknown[] = [];
    for (let tries = 0; tries < 300 && !estimated; tries++) {
      const operation = await read();
      if (!operation.percentage) seenAtZero.push(operation.etaAt);
      if (operation.etaAt && operation.percentage < 100) estimated = operation;
      if (operation.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seenAtZero.every((etaAt) => etaAt === null)).toBe(true);
    expect(estimated, 'an estimate while it ran').toBeDefined();
    // The rest at its own pace: (100 - p) / 5 steps of 600 ms after its last report (within a loose factor).
    const lastReport = Date.parse(estimated!.logs.at(-1)!.at);
    const expected = ((100 - estimated!.percentage) / 5) * 600;
    const left = Date.parse(estimated!.etaAt) - lastReport;
    expect(left).toBeGreaterThan(expected / 2);
    expect(left).toBeLessThan(expected * 2 + 1000);

    for (let tries = 0; tries < 300; tries++) {
      const operation = await read();
      if (operation.status === 'completed') {
        expect(operation.etaAt).toBeNull();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the job did not complete');
  });
});
