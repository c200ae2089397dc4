import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signTestToken, uniqueUser } from '../helpers/api-test-app';
import { startBrowserStack, startExample, type BrowserStack } from './browser-helpers';

let stack: BrowserStack;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  stack = await startBrowserStack();
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(async () => {
  await context?.close();
});

async function openDemo(fragment = ''): Promise<void> {
  context = await stack.browser.newContext({ viewport: { width: 900, height: 800 } });
  page = await context.newPage();
  consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  const response = await page.goto(`${stack.baseUrl}/demo${fragment}`);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
}

const statusTitle = () => page.locator('#current operation-status .title');

/** Visibility is eventually consistent: refresh until the list shows the row. */
async function expectListed(id: string, status: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return page
          .locator(`tr[data-id="${id}"] .status`)
          .textContent({ timeout: 500 })
          .catch(() => null);
      },
      { timeout: 15_000, interval: 500 },
    )
    .toBe(status);
}

describe('GET /demo', () => {
  it('asks for a token when the link carried none', async () => {
    await openDemo();
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Start an operation' }).isVisible()).toBe(false);
  });

  it("lists the user's operations, starts an example job and shows it live", async () => {
    const user = uniqueUser('demo');
    const earlier = await startExample(stack.api, user, { type: 'success', steps: 1, stepMs: 100 });
    await openDemo(`#token=${await signTestToken(user)}`);
    // The token left the address bar and stays in this tab only.
    expect(page.url()).toBe(`${stack.baseUrl}/demo`);
    await expectListed(earlier, 'completed');

    const options = await page.locator('select[name=choice] option').allTextContents();
    for (const type of ['progress', 'success', 'file', 'failed', 'action', 'input_file', 'cancellable']) {
      expect(options).toContain(`OperationExampleJob: ${type}`);
    }
    expect(options).toContain('ExportProductsJob');
    await page.locator('select[name=choice]').selectOption({ label: 'OperationExampleJob: progress' });
    expect(await page.getByLabel('Input file').isVisible()).toBe(false);
    await page.getByLabel('Params (JSON)').fill('{"type":"progress","steps":3,"stepMs":300}');
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    await expect.poll(() => statusTitle().textContent(), { timeout: 15_000 }).toBe('Completed');
    expect(await page.locator('#current operation-status .message').textContent()).toBe('Completed 3 steps');
    const started = (await page.locator('#current operation-status').getAttribute('operation-id'))!;
    await expectListed(started, 'completed');
    expect(await page.locator('#page-link').getAttribute('href')).toBe(`/operations/${started}`);
    await page.waitForTimeout(400); // the bar's transition
    await page.screenshot({ path: join(stack.screenshotDir, 'screenshot-demo.png'), fullPage: true });

    // Its status page opens in the same browser without a token: the session cookie is there.
    const statusPage = await context.newPage();
    await statusPage.goto(`${stack.baseUrl}/operations/${started}`);
    await expect
      .poll(() => statusPage.locator('operation-status .title').textContent(), { timeout: 10_000 })
      .toBe('Completed');

    // Watching an earlier operation from the list.
    await page.getByRole('button', { name: `Watch OperationExampleJob ${earlier}` }).click();
    await expect
      .poll(() => page.locator('#current operation-status .message').textContent())
      .toBe('Operation succeeded');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the problem when a start is refused', async () => {
    await openDemo(`#token=${await signTestToken(uniqueUser('demo'))}`);
    await page.locator('select[name=choice]').selectOption({ label: 'OperationExampleJob: success' });
    await page.getByLabel('Params (JSON)').fill('{"type":"nonsense"}');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => page.locator('#start-error').textContent()).toBe('The job or its params are not valid.');
  });

  it('uploads a file for an input_file job', async () => {
    expect(
      stack.api.app.hasContentTypeParser('multipart/form-data'),
      'the multipart POST /v1/operations is what the demo uploads through',
    ).toBe(true);
    await openDemo(`#token=${await signTestToken(uniqueUser('demo'))}`);
    await page.locator('select[name=choice]').selectOption({ label: 'OperationExampleJob: input_file' });
    await page.getByLabel('Input file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('one\ntwo\nthree'),
    });
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => statusTitle().textContent(), { timeout: 15_000 }).toBe('Completed');
    expect(await page.locator('#current operation-status .message').textContent()).toBe(
      'You uploaded the file notes.txt (13 bytes, 3 lines)',
    );
  });
});
