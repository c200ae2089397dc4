import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEnvironment } from '../../dev/service-environment';
import { authHeader, signTestToken, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { installExample } from '../helpers/packed-examples';
import { testServices } from '../helpers/test-services';
import { uniqueTaskQueue } from '../helpers/test-worker';

const run = promisify(execFile);

let exampleDir: string;
let api: TestApi;
let baseUrl: string;
let worker: ChildProcess | undefined;
const taskQueue = uniqueTaskQueue('own-worker');

beforeAll(async () => {
  exampleDir = await installExample('own-worker');
  api = await startTestApi();
  baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
}, 600_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGINT');
    await once(worker, 'exit');
  }
  await api?.close();
  if (exampleDir) await rm(exampleDir, { recursive: true, force: true });
});

describe('examples/own-worker, installed from the packed tarballs', () => {
  it('type-checks against the packages’ declarations', async () => {
    await expect(run('npx', ['tsc', '--noEmit'], { cwd: exampleDir })).resolves.toBeDefined();
  }, 120_000);

  it('runs its own job in its own worker, started through the API and watched to completion', async () => {
    // node itself, not npx: the signal that stops it must reach the worker.
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: exampleDir,
      env: { ...process.env, ...serviceEnvironment(testServices()), TASK_QUEUE: taskQueue },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await lineFrom(worker, /worker ready on/);

    const userId = uniqueUser('report-reader');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/start-report.ts', '2026-11'], {
      cwd: exampleDir,
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

/** Resolves once the process prints a line matching `pattern` on stdout; rejects if it exits first. */
function lineFrom(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the example worker exited (${code}) before: ${seen}`)));
  });
}
