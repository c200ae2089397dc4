import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, uniqueUser } from '../helpers/api-test-app';
import { pageUrl, startBrowserStack, startExample, type BrowserStack } from './browser-helpers';

let stack: BrowserStack;
let context: BrowserContext | undefined;

beforeAll(async () => {
  stack = await startBrowserStack();
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * Records what the page does with notifications (the real ones are still made), and lets the
 * test hide the tab: headless Chromium's tabs are always visible.
 */
const SPY = () => {
  const spy = { notices: [] as { title: string; body: string }[], permissionRequests: 0, hidden: false };
  (window as unknown as { spy: typeof spy }).spy = spy;
  const Original = window.Notification;
  class Recorded extends Original {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      spy.notices.push({ title, body: options?.body ?? '' });
    }
  }
  const request = Original.requestPermission.bind(Original);
  Object.defineProperty(Recorded, 'permission', { get: () => Original.permission });
  Recorded.requestPermission = () => {
    spy.permissionRequests++;
    return request();
  };
  window.Notification = Recorded as unknown as typeof Notification;
  Object.defineProperty(document, 'visibilityState', { get: () => (spy.hidden ? 'hidden' : 'visible') });
};

type Spy = { notices: { title: string; body: string }[]; permissionRequests: number; hidden: boolean };
const spyOf = (page: Page) => page.evaluate(() => (window as unknown as { spy: Spy }).spy);

describe('the page tells the person', () => {
  it('shows progress and an ETA in the tab, and a notification when it ends while the tab is hidden', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'cancellable', steps: 100, stepMs: 1500 });
    context = await stack.browser.newContext({ permissions: ['notifications'] });
    const page = await context.newPage();
    await page.addInitScript(SPY);
    await page.goto(await pageUrl(stack, user, id));

    await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/^\d+ % · OperationExampleJob$/);
    // 1 % every 1.5 s: about 2 or 3 minutes are left once the pace is known.
    await expect
      .poll(() => page.locator('operation-status .subtitle').textContent(), { timeout: 20_000 })
      .toMatch(/ · about [23] min left$/);
    // Permission granted already: nothing to offer, and never asked on load.
    expect(await page.getByRole('button', { name: 'Notify me when it finishes' }).isVisible()).toBe(false);
    expect((await spyOf(page)).permissionRequests).toBe(0);

    await page.evaluate(() => ((window as unknown as { spy: Spy }).spy.hidden = true));
    const cancel = await stack.api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/cancel`,
      headers: await authHeader(user),
    });
    expect(cancel.statusCode).toBe(202);
    await expect
      .poll(async () => (await spyOf(page)).notices, { timeout: 15_000 })
      .toEqual([{ title: 'OperationExampleJob was canceled', body: '' }]);
    expect(await page.title()).toBe('Canceled · OperationExampleJob');
  });

  it('asks for permission only when the person clicks, and not for a finished operation', async () => {
    const user = uniqueUser();
    const id = await startExample(stack.api, user, { type: 'cancellable', steps: 100, stepMs: 300 });
    context = await stack.browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(SPY);
    await page.goto(await pageUrl(stack, user, id));
    const offer = page.getByRole('button', { name: 'Notify me when it finishes' });
    await expect.poll(() => offer.isVisible(), { timeout: 15_000 }).toBe(true);
    expect((await spyOf(page)).permissionRequests).toBe(0);
    await offer.click();
    await expect.poll(async () => (await spyOf(page)).permissionRequests).toBe(1);

    await stack.api.app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers: await authHeader(user) });
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Canceled · OperationExampleJob');
    // Opened again once finished: no offer, no notification.
    const again = await context.newPage();
    await again.addInitScript(SPY);
    await again.goto(await pageUrl(stack, user, id));
    await expect.poll(() => again.title(), { timeout: 15_000 }).toBe('Canceled · OperationExampleJob');
    expect(await again.getByRole('button', { name: 'Notify me when it finishes' }).isVisible()).toBe(false);
    expect((await spyOf(again)).notices).toEqual([]);
  });
});
