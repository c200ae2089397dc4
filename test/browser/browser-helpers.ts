import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { expect } from 'vitest';
import { authHeader, startTestApi, type TestApi } from '../helpers/api-test-app';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

/** The API on a real port, a worker on its task queue, and Debian's Chromium. */
export interface BrowserStack {
  api: TestApi;
  worker: TestWorker;
  browser: Browser;
  baseUrl: string;
  /** Where screenshots go: docs/ when SAVE_SCREENSHOTS=1 (to refresh the README's), else a temp dir. */
  screenshotDir: string;
  stop(): Promise<void>;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function startBrowserStack(): Promise<BrowserStack> {
  const api = await startTestApi();
  const worker = await startTestWorker({ taskQueue: api.taskQueue });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const screenshotDir =
    process.env.SAVE_SCREENSHOTS === '1'
      ? fileURLToPath(new URL('../../docs', import.meta.url))
      : await mkdtemp(join(tmpdir(), 'operation-screenshots-'));
  return {
    api,
    worker,
    browser,
    baseUrl: `http://127.0.0.1:${address.port}`,
    screenshotDir,
    async stop() {
      await browser.close();
      await api.close();
      await worker.stop();
    },
  };
}

/** Starts an example operation for `userId` and answers its id. */
export async function startExample(api: TestApi, userId: string, params: Record<string, unknown>): Promise<string> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(userId),
    payload: { job: 'OperationExampleJob', params },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

/** The page link a service hands to a browser: a session token for this one operation in the fragment. */
export async function pageUrl(stack: BrowserStack, userId: string, id: string): Promise<string> {
  const response = await stack.api.app.inject({
    method: 'POST',
    url: `/v1/operations/${id}/browser-session`,
    headers: await authHeader(userId),
  });
  expect(response.statusCode, response.body).toBe(201);
  return `${stack.baseUrl}${response.json().pageUrl}`;
}
