import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../../dev/ports';
import { startTestApi, TEST_JWT_SECRET, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { installExample, startNodeProcess, type InstalledExample, type NodeProcess } from '../helpers/packed-examples';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { CHROMIUM_PATH } from './browser-helpers';

/**
 * examples/host-app, installed from the packed status-element, on its own origin (another
 * loopback port) that CORS_ORIGINS lists; and the same app on a port it does not list.
 */
let example: InstalledExample;
let api: TestApi;
let worker: TestWorker;
let hostApp: NodeProcess;
let strangerApp: NodeProcess;
let browser: Browser;
let apiUrl: string;
let hostUrl: string;
let strangerUrl: string;
let context: BrowserContext;
let page: Page;
let apiRequests: Request[];
let consoleErrors: string[];

// The first example of a run packs the packages (builds with declarations): minutes on a loaded machine.
beforeAll(async () => {
  example = await installExample('host-app');
  const [hostPort, strangerPort] = await freePorts(2);
  hostUrl = `http://127.0.0.1:${hostPort}`;
  strangerUrl = `http://127.0.0.1:${strangerPort}`;
  api = await startTestApi({ CORS_ORIGINS: hostUrl });
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  apiUrl = `http://127.0.0.1:${address.port}`;
  const start = (port: number) =>
    startNodeProcess(
      example.dir,
      ['server.js'],
      {
        PORT: String(port),
        OPERATIONS_API_URL: apiUrl,
        OPERATIONS_JWT_SECRET: TEST_JWT_SECRET,
        HOST_APP_USER: uniqueUser('host-app'),
      },
      /host app on/,
    );
  [hostApp, strangerApp] = await Promise.all([start(hostPort!), start(strangerPort!)]);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([hostApp?.stop(), strangerApp?.stop()]);
  await api?.close();
  await worker?.stop();
  await example?.remove();
});

async function open(url: string): Promise<Page> {
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  apiRequests = [];
  consoleErrors = [];
  page.on('request', (request) => {
    if (request.url().startsWith(apiUrl)) apiRequests.push(request);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(url);
  return page;
}

afterEach(async () => {
  await context?.close();
});

const status = (kind: string) => page.locator(`operation-status[data-kind="${kind}"]`);

/** No request to the API carried a token in its URL, and the stream sent the session token as a header. */
async function expectTokenOnlyInHeaders() {
  expect(apiRequests.length).toBeGreaterThan(0);
  for (const request of apiRequests) expect(request.url()).not.toMatch(/token|eyJ/);
  const stream = apiRequests.find((request) => request.url().endsWith('/events') && request.method() === 'GET');
  expect((await stream!.allHeaders()).authorization).toMatch(/^Bearer eyJ/);
}

describe('examples/host-app on another origin', () => {
  it('watches a progress job live: the bar moves, then the completion message', async () => {
    await open(hostUrl);
    await page.getByRole('button', { name: 'Run a progress job' }).click();
    const element = status('progress');
    const bar = element.getByRole('progressbar');
    const values = new Set<string>();
    const deadline = Date.now() + 30_000;
    while ((await element.locator('.title').textContent()) !== 'Completed' && Date.now() < deadline) {
      const now = await bar.getAttribute('aria-valuenow');
      if (now !== null) values.add(now);
      await page.waitForTimeout(50);
    }
    expect(await element.locator('.title').textContent()).toBe('Completed');
    expect(await element.locator('.message').textContent()).toBe('Completed 5 steps');
    expect(values.size, `bar values ${[...values]}`).toBeGreaterThanOrEqual(2);
    expect(await element.locator('.log li').count()).toBe(5);
    await expectTokenOnlyInHeaders();
    expect(consoleErrors).toEqual([]);
  });

  it('cancels a running job', async () => {
    await open(hostUrl);
    await page.getByRole('button', { name: 'Run a long job' }).click();
    const element = status('cancellable');
    await expect
      .poll(() => element.getByRole('progressbar').getAttribute('aria-valuenow'), { timeout: 15_000 })
      .not.toBeNull();
    await element.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => element.locator('.title').textContent(), { timeout: 15_000 }).toBe('Canceled');
    const cancel = apiRequests.find((request) => request.url().endsWith('/cancel'));
    expect((await cancel!.allHeaders()).authorization).toMatch(/^Bearer /);
    expect(consoleErrors).toEqual([]);
  });

  it('downloads the output file of a report, by itself once and again from its button', async () => {
    await open(hostUrl);
    const first = page.waitForEvent('download', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Make a report' }).click();
    const file = await first;
    expect(file.suggestedFilename()).toBe('example.csv');
    const expected = 'id,name\n1,Item 1\n2,Item 2\n3,Item 3\n';
    expect(await readFile((await file.path())!, 'utf8')).toBe(expected);
    // The file came through fetch with the header, handed over as a blob: no token in any link.
    expect(file.url()).toMatch(/^blob:/);

    const again = page.waitForEvent('download', { timeout: 10_000 });
    await status('report').getByRole('button', { name: 'Download example.csv' }).click();
    expect(await readFile((await (await again).path())!, 'utf8')).toBe(expected);
    await expectTokenOnlyInHeaders();
    expect(consoleErrors).toEqual([]);
  });

  it('fails in the browser on an origin that CORS_ORIGINS does not list', async () => {
    await open(strangerUrl);
    await page.getByRole('button', { name: 'Run a progress job' }).click();
    const element = status('progress');
    // Its backend started the job and opened a session (server to server), but the browser may not read the API.
    await expect
      .poll(() => element.locator('.connection').textContent(), { timeout: 10_000 })
      .toBe('Connection lost; reconnecting…');
    expect(await element.locator('.log li').count()).toBe(0);
    expect(await element.locator('.meta').textContent()).toBe('');
    const stream = apiRequests.find((request) => request.url().endsWith('/events'));
    expect(stream, 'the element tried the stream').toBeDefined();
    const response = await stream!.response();
    // The preflight got no CORS headers, so the request itself was never sent (or its answer never read).
    expect(response === null || !('access-control-allow-origin' in (await response.allHeaders()))).toBe(true);
    expect(
      consoleErrors.some((line) => /CORS/i.test(line)),
      consoleErrors.join('\n'),
    ).toBe(true);

    const attempt = await page.evaluate(async (url) => {
      try {
        await fetch(url, { headers: { authorization: 'Bearer x' } });
        return 'read';
      } catch (error) {
        return (error as Error).name;
      }
    }, `${apiUrl}/v1/operations`);
    expect(attempt).toBe('TypeError');
  });
});
