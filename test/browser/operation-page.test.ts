import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOperation } from '../../packages/client/src/temporal/index';
import { signTestToken, uniqueUser } from '../helpers/api-test-app';
import { uniqueTaskQueue } from '../helpers/test-worker';
import { pageUrl, startBrowserStack, startExample, type BrowserStack } from './browser-helpers';

const JOB_RUN = { timeoutMs: 60_000, maximumAttempts: 1, retryJobErrors: false };

let stack: BrowserStack;
let context: BrowserContext;
let page: Page;
/** Console errors and CSP violations: the page must cause none. */
let consoleErrors: string[];

beforeAll(async () => {
  stack = await startBrowserStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function newPage(viewport = { width: 760, height: 640 }): Promise<Page> {
  context = await stack.browser.newContext({ viewport, acceptDownloads: true });
  page = await context.newPage();
  consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return page;
}

afterEach(async () => {
  await context?.close();
});

/** The whole page, once the bar's transition has settled. */
async function screenshot(name: string) {
  await sleep(400);
  await page.screenshot({ path: join(stack.screenshotDir, name), fullPage: true });
}

const title = () => page.locator('operation-status .title');
const bar = () => page.getByRole('progressbar');

describe('GET /operations/{id}', () => {
  it('shows a progress job: the bar moves, the log grows newest first, then the completion message', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'progress', steps: 6, stepMs: 800 });
    // Short, so that the full-page screenshots end where the card does.
    await newPage({ width: 760, height: 360 });
    const response = await page.goto(await pageUrl(stack, user, id));
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    // The token left the address bar as soon as the page read it.
    expect(page.url()).toBe(`${stack.baseUrl}/operations/${id}`);

    await expect.poll(() => bar().getAttribute('aria-valuemax'), { timeout: 5000 }).toBe('100');
    expect(await bar().getAttribute('aria-valuemin')).toBe('0');
    const values: number[] = [];
    const logCounts: number[] = [];
    let screenshotTaken = false;
    const deadline = Date.now() + 30_000;
    while ((await title().textContent()) !== 'Completed' && Date.now() < deadline) {
      const now = await bar().getAttribute('aria-valuenow');
      if (now !== null && Number(now) !== values.at(-1)) values.push(Number(now));
      const count = await page.locator('operation-status .log li').count();
      if (count !== logCounts.at(-1)) logCounts.push(count);
      if (!screenshotTaken && Number(now) >= 50) {
        await screenshot('screenshot-running.png');
        screenshotTaken = true;
      }
      await sleep(50);
    }
    expect(await title().textContent()).toBe('Completed');
    expect(values.length, `bar values ${values}`).toBeGreaterThanOrEqual(3);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(logCounts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(3);
    expect(await bar().getAttribute('aria-valuenow')).toBe('100');
    await expect.poll(() => page.locator('operation-status .message').textContent()).toBe('Completed 6 steps');
    const log = await page.locator('operation-status .log li span').allTextContents();
    expect(log).toEqual(['Step 6 of 6', 'Step 5 of 6', 'Step 4 of 6', 'Step 3 of 6', 'Step 2 of 6', 'Step 1 of 6']);
    // Local times, with the ISO instant kept for machines.
    const time = page.locator('operation-status .log time').first();
    expect(await time.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await time.textContent()).toMatch(/\d/);
    expect(await page.getByRole('status').textContent()).toBe('Completed: Completed 6 steps');
    expect(await page.getByRole('button', { name: 'Cancel' }).isHidden()).toBe(true);
    await screenshot('screenshot-completed.png');
    expect(consoleErrors).toEqual([]);
  });

  it('shows an operation that waits for a worker as created, with an indeterminate bar', async () => {
    const user = uniqueUser();
    // No worker polls this task queue: the operation stays created.
    const { operation } = await startOperation(
      stack.api.client,
      { job: 'OperationExampleJob', params: { type: 'success' }, userId: user, run: JOB_RUN },
      { taskQueue: uniqueTaskQueue('nobody') },
    );
    await newPage();
    await page.goto(await pageUrl(stack, user, operation.id));
    await expect.poll(() => title().textContent(), { timeout: 10_000 }).toBe('Waiting to start');
    expect(await bar().getAttribute('class')).toContain('indeterminate');
    expect(await bar().getAttribute('aria-valuenow')).toBeNull();
    expect(await page.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    await stack.api.client.workflow.getHandle(operation.id).terminate('test over');
  });

  it('shows the error of a failed job', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'failed', stepMs: 300 });
    await newPage();
    await page.goto(await pageUrl(stack, user, id));
    await expect.poll(() => title().textContent(), { timeout: 15_000 }).toBe('Failed');
    expect(await page.locator('operation-status .error').textContent()).toBe('This is the operation error message');
    expect(await page.getByRole('status').textContent()).toBe('Failed: This is the operation error message');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the action of an action job as a button-like link', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'action' });
    await newPage();
    await page.goto(await pageUrl(stack, user, id));
    await expect.poll(() => title().textContent(), { timeout: 15_000 }).toBe('Completed');
    const action = page.getByRole('link', { name: 'Visit the homepage' });
    expect(await action.getAttribute('href')).toBe(`${stack.baseUrl}/`);
    expect(await action.getAttribute('class')).toContain('button');
    expect(await page.locator('operation-status .message').textContent()).toBe('Operation succeeded with an action');
  });

  it('cancels a running job from the page', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'cancellable', steps: 100, stepMs: 300 });
    await newPage();
    await page.goto(await pageUrl(stack, user, id));
    await expect.poll(() => bar().getAttribute('aria-valuenow'), { timeout: 15_000 }).not.toBeNull();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => title().textContent(), { timeout: 15_000 }).toBe('Canceled');
    expect(await page.getByRole('button', { name: /Cancel/ }).isHidden()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it("shows someone else's operation, an unknown one and one without a session as not found", async () => {
    const owner = uniqueUser();
    const id = await startExample(stack.api, owner, { type: 'success', steps: 1, stepMs: 100 });
    await newPage();
    // Another user's own token: the exchange answers 404.
    await page.goto(`${stack.baseUrl}/operations/${id}#token=${await signTestToken(uniqueUser())}`);
    await expect.poll(() => title().textContent(), { timeout: 10_000 }).toBe('Operation not found');
    expect(await page.locator('operation-status .log li').count()).toBe(0);
    expect(await bar().isHidden()).toBe(true);

    await page.goto(`${stack.baseUrl}/operations/${id}`);
    await expect.poll(() => title().textContent(), { timeout: 10_000 }).toBe('Operation not found');
    await page.goto(`${stack.baseUrl}/operations/not-an-operation`);
    await expect.poll(() => title().textContent(), { timeout: 10_000 }).toBe('Operation not found');
  });

  it('downloads the output file of a file job once, with the same bytes, and keeps a link', async () => {
    const hasRoute = stack.api.app.hasRoute({ method: 'GET', url: '/v1/operations/:id/output-file' });
    expect(hasRoute, 'GET /v1/operations/{id}/output-file is what this page downloads from').toBe(true);
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'file', steps: 3 });
    await newPage();
    const download = page.waitForEvent('download', { timeout: 20_000 });
    await page.goto(await pageUrl(stack, user, id));
    const file = await download;
    expect(file.suggestedFilename()).toBe('example.csv');
    const bytes = await readFile((await file.path())!, 'utf8');
    expect(bytes).toBe('id,name\n1,Item 1\n2,Item 2\n3,Item 3\n');
    expect(await page.getByRole('link', { name: 'Download example.csv' }).getAttribute('href')).toBe(
      `/v1/operations/${id}/output-file`,
    );

    // Once per tab: a reload does not download again.
    let again = false;
    page.on('download', () => (again = true));
    await page.reload();
    await expect.poll(() => title().textContent(), { timeout: 10_000 }).toBe('Completed');
    await sleep(1000);
    expect(again).toBe(false);
  });

  it('is readable on a phone', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'progress', steps: 2, stepMs: 200 });
    await newPage({ width: 360, height: 740 });
    await page.goto(await pageUrl(stack, user, id));
    await expect.poll(() => title().textContent(), { timeout: 15_000 }).toBe('Completed');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const fontSize = await page
      .locator('operation-status .log li span')
      .first()
      .evaluate((node) => getComputedStyle(node).fontSize);
    expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(14);
  });
});
