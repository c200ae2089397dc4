import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signTestToken, uniqueUser } from '../helpers/api-test-app';
import { pageUrl, startBrowserStack, startExample, type BrowserStack } from './browser-helpers';

let stack: BrowserStack;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startBrowserStack();
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(async () => {
  await context?.close();
});

const title = () => page.locator('operation-status .title');

describe('a finished operation in <operation-status>', () => {
  it('shows its timeline, and "Run again" starts and watches the rerun in place', async () => {
    const user = uniqueUser('browser-rerun');
    const id = await startExample(stack.api, user, { type: 'approval', steps: 1 });
    context = await stack.browser.newContext({ viewport: { width: 760, height: 700 } });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(await pageUrl(stack, user, id));

    const reject = page.getByRole('button', { name: 'Reject' });
    await expect.poll(() => reject.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Run again' }).isVisible()).toBe(false);
    await reject.click();
    await expect.poll(() => title().textContent(), { timeout: 20_000 }).toBe('Completed');

    await page.locator('operation-status .timeline summary').click();
    const entries = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
    await expect
      .poll(() => entries.allTextContents())
      .toEqual([
        expect.stringContaining('Created'),
        expect.stringContaining('Started'),
        expect.stringContaining('Asked: Write example.csv with 1 rows?'),
        expect.stringContaining('Answered: Write example.csv with 1 rows?'),
        expect.stringContaining('Completed'),
      ]);

    await page.getByRole('button', { name: 'Run again' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).not.toBe(`${stack.baseUrl}/operations/${id}`);
    const rerunId = /\/operations\/(op_[0-9A-Z]+)$/.exec(page.url())![1]!;
    // The rerun asks again: the element watches it with the session the API gave it.
    await expect.poll(() => reject.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('operation-status .meta').textContent()).toContain(rerunId);
    const rerun = await stack.api.app.inject({
      url: `/v1/operations/${rerunId}`,
      headers: { authorization: `Bearer ${await signTestToken(user)}` },
    });
    expect(rerun.json()).toMatchObject({ rerunOf: id, status: 'waiting' });
    expect(errors).toEqual([]);
  });
});

describe('the demo page', () => {
  it('runs a finished operation again with params edited first', async () => {
    const user = uniqueUser('demo-rerun');
    context = await stack.browser.newContext({ viewport: { width: 900, height: 800 } });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${stack.baseUrl}/demo#token=${await signTestToken(user)}`);
    await page.locator('select[name=choice]').selectOption({ label: 'OperationExampleJob: progress' });
    await page.getByLabel('Params (JSON)').fill('{"type":"progress","steps":1,"stepMs":50}');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const message = page.locator('#current operation-status .message');
    await expect.poll(() => message.textContent(), { timeout: 15_000 }).toBe('Completed 1 steps');
    const first = (await page.locator('#current operation-status').getAttribute('operation-id'))!;

    const edited = page.getByLabel('Edited params for a rerun, as JSON');
    // The page fills it in on the element's change event, which may come just after the message shows.
    const editedParams = async () => {
      const text = await edited.inputValue();
      return text ? (JSON.parse(text) as unknown) : null;
    };
    await expect.poll(editedParams, { timeout: 5000 }).toEqual({ type: 'progress', steps: 1, stepMs: 50 });
    await edited.fill('{"type":"progress","steps":2,"stepMs":50}');
    await page.getByRole('button', { name: 'Run again with these params' }).click();
    await expect.poll(() => message.textContent(), { timeout: 15_000 }).toBe('Completed 2 steps');
    const second = (await page.locator('#current operation-status').getAttribute('operation-id'))!;
    expect(second).not.toBe(first);
    const read = await stack.api.app.inject({
      url: `/v1/operations/${second}`,
      headers: { authorization: `Bearer ${await signTestToken(user)}` },
    });
    expect(read.json()).toMatchObject({ rerunOf: first, params: { steps: 2 } });

    await edited.fill('{"type":"nope"}');
    await page.getByRole('button', { name: 'Run again with these params' }).click();
    await expect.poll(() => page.locator('#rerun-error').textContent()).toContain('params');
    expect(errors).toEqual([]);
  });
});
