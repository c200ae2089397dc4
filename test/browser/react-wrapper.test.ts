import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports';
import { authHeader, signTestToken, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './browser-helpers';
import type { MountProps } from './react-page/main';

/**
 * @temporal-operations/react in Chromium: a page bundled by esbuild (React included), served
 * on another loopback origin that CORS_ORIGINS lists, against the real API and Temporal.
 */
let api: TestApi;
let worker: TestWorker;
let browser: Browser;
let pageServer: Server;
let pageUrl: string;
let apiUrl: string;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

const HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/main.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./react-page/main.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const port = await freePort();
  pageUrl = `http://127.0.0.1:${port}`;
  pageServer = createServer((request, response) => {
    const js = request.url === '/main.js';
    response.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
    response.end(js ? script : HTML);
  });
  pageServer.listen(port, '127.0.0.1');
  await once(pageServer, 'listening');
  api = await startTestApi({ CORS_ORIGINS: pageUrl });
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  apiUrl = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await worker?.stop();
  pageServer?.close();
});

afterEach(async () => {
  await context?.close();
});

/** Starts a job and opens a browser session; `sessionSeconds` shortens the session (it ends with the token it came from). */
async function startWatched(userId: string, params: Record<string, unknown>, sessionSeconds?: number) {
  const headers = await authHeader(userId);
  const created = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers,
    payload: { job: 'OperationExampleJob', params },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id: string = created.json().id;
  return { id, token: await openSession(userId, id, sessionSeconds) };
}

async function openSession(userId: string, id: string, seconds?: number): Promise<string> {
  const headers = seconds
    ? { authorization: `Bearer ${await signTestToken(userId, { expiresAt: Math.floor(Date.now() / 1000) + seconds })}` }
    : await authHeader(userId);
  const session = await api.app.inject({ method: 'POST', url: `/v1/operations/${id}/browser-session`, headers });
  expect(session.statusCode, session.body).toBe(201);
  return session.json().token;
}

async function mount(props: Omit<MountProps, 'apiBase'>, renewSession?: () => Promise<string>) {
  context = await browser.newContext();
  page = await context.newPage();
  if (renewSession) await page.exposeFunction('renewSession', renewSession);
  consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(pageUrl);
  await page.waitForFunction(() => typeof window.mountOperation === 'function');
  await page.evaluate((mountProps) => window.mountOperation(mountProps), { ...props, apiBase: apiUrl });
}

const hook = () => page.locator('#hook');

describe('@temporal-operations/react', () => {
  it('<OperationStatus> and useOperation() follow a progress job live across origins', async () => {
    const { id, token } = await startWatched(uniqueUser(), { type: 'progress', steps: 4, stepMs: 500 });
    await mount({ operationId: id, sessionToken: token });
    const percentages = new Set<string>();
    const deadline = Date.now() + 30_000;
    while ((await hook().getAttribute('data-status')) !== 'completed' && Date.now() < deadline) {
      const value = await hook().getAttribute('data-percentage');
      if (value) percentages.add(value);
      await page.waitForTimeout(50);
    }
    expect(await hook().getAttribute('data-status')).toBe('completed');
    expect(await hook().textContent()).toBe('completed 4 log lines');
    expect(percentages.size, `hook percentages ${[...percentages]}`).toBeGreaterThanOrEqual(2);
    // The element, rendered by React, shows the same operation and tells React of each change.
    const element = page.locator('operation-status');
    await expect.poll(() => element.locator('.title').textContent(), { timeout: 5000 }).toBe('Completed');
    expect(await element.getAttribute('api-base')).toBe(apiUrl);
    expect(await element.getAttribute('operation-id')).toBe(id);
    // The token is a property only: no attribute of the element holds it.
    expect(
      await element.evaluate((node) => node.getAttributeNames().map((name) => node.getAttribute(name))),
    ).not.toContain(token);
    expect((await page.locator('#changes').textContent())?.split(',').at(-1)).toBe('completed');
    expect(consoleErrors).toEqual([]);
  });

  it("useOperation() reports 'not-found' for a session token of another operation", async () => {
    const user = uniqueUser();
    const first = await startWatched(user, { type: 'success', steps: 1, stepMs: 100 });
    const second = await startWatched(user, { type: 'success', steps: 1, stepMs: 100 });
    await mount({ operationId: first.id, sessionToken: second.token, hookOnly: true });
    await expect.poll(() => hook().getAttribute('data-problem'), { timeout: 10_000 }).toBe('not-found');
    expect(await hook().getAttribute('data-status')).toBe('');
  });

  it('renews an expired session through onSessionExpired and resumes the stream with Last-Event-ID', async () => {
    const user = uniqueUser();
    const { id, token } = await startWatched(user, { type: 'progress', steps: 8, stepMs: 700 }, 2);
    let renewals = 0;
    const streams: Record<string, string>[] = [];
    await mount({ operationId: id, sessionToken: token, renew: true }, async () => {
      renewals++;
      return openSession(user, id);
    });
    page.on('request', (request) => {
      if (request.url().endsWith('/events') && request.method() === 'GET')
        void request.allHeaders().then((h) => streams.push(h));
    });
    const element = page.locator('operation-status');
    const titles = new Set<string>();
    const deadline = Date.now() + 30_000;
    while ((await element.locator('.title').textContent()) !== 'Completed' && Date.now() < deadline) {
      titles.add((await element.locator('.title').textContent()) ?? '');
      await page.waitForTimeout(50);
    }
    expect(await element.locator('.title').textContent()).toBe('Completed');
    expect(renewals).toBe(1);
    expect([...titles]).not.toContain('Operation not found');
    expect(await element.locator('.log li').count()).toBe(8);
    // The stream ended with the 2-second session; the reconnection named the last state it had.
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(streams.some((headers) => headers['last-event-id'])).toBe(true);
    // The 401 of the expired session is expected; nothing else went wrong.
    expect(consoleErrors.filter((line) => !/401/.test(line))).toEqual([]);
  });
});
