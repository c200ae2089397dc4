import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueUser } from '../helpers/api-test-app';
import { pageUrl, startBrowserStack, startExample, type BrowserStack } from './browser-helpers';

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

async function open(params: Record<string, unknown>, viewport = { width: 760, height: 700 }) {
  const user = uniqueUser('browser-asker');
  const id = await startExample(stack.api, user, params);
  context = await stack.browser.newContext({ viewport });
  page = await context.newPage();
  consoleErrors = [];
  page.on('console', (message) => {
    // The 422 the test provokes is logged by Chromium as a failed resource load; nothing else may be.
    if (message.type() === 'error' && !message.text().includes('422')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(await pageUrl(stack, user, id));
  return id;
}

const title = () => page.locator('operation-status .title');

describe('the question form in <operation-status>', () => {
  it('asks input_form: labelled fields, the server’s errors beside them, then the answer completes it', async () => {
    await open({ type: 'input_form' });
    const form = page.getByRole('form', { name: 'Pick a number and a colour' });
    await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await title().textContent()).toBe('Waiting for your answer');

    const number = page.getByLabel('A number from 1 to 10');
    expect(await number.getAttribute('type')).toBe('number');
    expect(await number.getAttribute('min')).toBe('1');
    expect(await number.getAttribute('max')).toBe('10');
    expect(await number.getAttribute('aria-required')).toBe('true');
    const colours = page.getByRole('group', { name: /A colour/ });
    expect(await colours.getByRole('radio').count()).toBe(2);

    // Out of range and no colour: the browser sends it (the server's check counts) and shows why, per field.
    await number.fill('12');
    await page.getByRole('button', { name: 'Send answer' }).click();
    const numberError = page.locator('operation-status .field-error').first();
    await expect.poll(() => numberError.textContent()).toContain('must be <= 10');
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    expect(await colours.getAttribute('aria-invalid')).toBe('true');
    // Focus went to the first field in error, and its error is in its description.
    expect(await number.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    const describedBy = (await number.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain(await numberError.getAttribute('id'));

    // Keyboard only: type the number, move to the radios, pick blue, send.
    await number.fill('7');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await colours.getByRole('radio', { name: 'blue' }).isChecked()).toBe(true);
    await page.screenshot({ path: join(stack.screenshotDir, 'screenshot-question.png'), fullPage: true });
    await page.keyboard.press('Enter');

    await expect.poll(() => title().textContent(), { timeout: 20_000 }).toBe('Completed');
    expect(await page.locator('operation-status .message').textContent()).toBe('You chose 7 and blue');
    expect(await page.locator('operation-status .question').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('asks for approval on a phone: full-width buttons; approving writes the file', async () => {
    await open({ type: 'approval', steps: 2 }, { width: 375, height: 700 });
    const approve = page.getByRole('button', { name: 'Approve' });
    await expect.poll(() => approve.isVisible(), { timeout: 15_000 }).toBe(true);
    const region = page.getByRole('region', { name: 'Write example.csv with 2 rows?' });
    expect(await region.isVisible()).toBe(true);
    const box = await approve.boundingBox();
    expect(box!.width).toBeGreaterThan(250);
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await approve.click();
    await expect.poll(() => title().textContent(), { timeout: 20_000 }).toBe('Completed');
    expect(await page.getByRole('link', { name: 'Download example.csv' }).isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('rejecting ends the operation with "Rejected"', async () => {
    await open({ type: 'approval' });
    const reject = page.getByRole('button', { name: 'Reject' });
    await expect.poll(() => reject.isVisible(), { timeout: 15_000 }).toBe(true);
    await reject.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => title().textContent(), { timeout: 20_000 }).toBe('Completed');
    expect(await page.locator('operation-status .message').textContent()).toBe('Rejected');
  });
});
