import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEnvironment } from '../../dev/service-environment';
import { authHeader, signTestToken, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { installExample, startNodeProcess, type InstalledExample, type NodeProcess } from '../helpers/packed-examples';
import { testServices } from '../helpers/test-services';
import { uniqueTaskQueue } from '../helpers/test-worker';

const run = promisify(execFile);

let example: InstalledExample;
let api: TestApi;
let baseUrl: string;
let worker: NodeProcess | undefined;
const taskQueue = uniqueTaskQueue('own-worker');

beforeAll(async () => {
  example = await installExample('own-worker');
  api = await startTestApi();
  baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
}, 600_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await example?.remove();
});

describe('examples/own-worker, installed from the packed tarballs', () => {
  it('type-checks against the packages’ declarations', async () => {
    await expect(run('npx', ['tsc', '--noEmit'], { cwd: example.dir })).resolves.toBeDefined();
  }, 120_000);

  it('runs its own job in its own worker, started through the API and watched to completion', async () => {
    worker = await startNodeProcess(
      example.dir,
      ['--import', 'tsx', 'src/worker.ts'],
      { ...serviceEnvironment(testServices()), TASK_QUEUE: taskQueue },
      /worker ready on/,
      90_000,
    );

    const userId = uniqueUser('report-reader');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/start-report.ts', '2026-11'], {
      cwd: example.dir,
      env: { ...process.env, API_URL: baseUrl, API_TOKEN: await signTestToken(userId) },
    });
    expect(stdout).toMatch(/done: 500 orders of 2026-11 \(orders-2026-11\.csv\)/);
    const id = /started (op_\w+)/.exec(stdout)![1]!;
    expect((await api.client.workflow.getHandle(id).describe()).taskQueue).toBe(taskQueue);

    const file = await api.app.inject({ url: `/v1/operations/${id}/output-file`, headers: await authHeader(userId) });
    expect(file.statusCode).toBe(200);
    const lines = file.body.trim().split('\n');
    expect(lines[0]).toBe('id,customer,total');
    expect(lines).toHaveLength(501);
  }, 180_000);
});
