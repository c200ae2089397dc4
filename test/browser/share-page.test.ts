import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, uniqueUser } from '../helpers/api-test-app';
import { pageUrl, startBrowserStack, startExample, type BrowserStack } from './browser-helpers';

let stack: BrowserStack;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startBrowserStack();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await stack?.stop();
});

describe('a share link in another browser', () => {
  it('shows the live page without cancel, sends its token nowhere, then reads not found once revoked', async () => {
    const owner = uniqueUser();
    const id = await startExample(stack.api, owner, { type: 'cancellable', steps: 200, stepMs: 300 });

    const ownerContext = await stack.browser.newContext();
    contexts.push(ownerContext);
    const ownerPage = await ownerContext.newPage();
    await ownerPage.goto(await pageUrl(stack, owner, id));
    await expect
      .poll(() => ownerPage.getByRole('button', { name: 'Cancel' }).isVisible(), { timeout: 15_000 })
      .toBe(true);

    const created = await stack.api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/shares`,
      headers: await authHeader(owner),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id: shareId, url } = created.json();
    const token = new URLSearchParams(url.split('#')[1]).get('share');

    // A second context: none of the owner's cookies or tokens.
    const guestContext = await stack.browser.newContext();
    contexts.push(guestContext);
    const guest = await guestContext.newPage();
    const sent: { url: string; referer?: string }[] = [];
    guest.on('request', (request) => sent.push({ url: request.url(), referer: request.headers().referer }));
    const errors: string[] = [];
    guest.on('pageerror', (error) => errors.push(error.message));
    await guest.goto(`${stack.baseUrl}${url}`);
    expect(guest.url()).toBe(`${stack.baseUrl}/operations/${id}`);

    const bar = guest.getByRole('progressbar');
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 15_000 }).not.toBeNull();
    const first = Number(await bar.getAttribute('aria-valuenow'));
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 15_000 })
      .toBeGreaterThan(first);
    expect(await guest.locator('operation-status .title').textContent()).toBe('In progress');
    expect(await guest.getByRole('button', { name: /Cancel/ }).count()).toBe(0);
    // The token travelled only in the Authorization header of the exchange: no URL, no Referer.
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.url).not.toContain(token);
      expect(request.referer ?? '').toBe('');
    }

    const revoked = await stack.api.app.inject({
      method: 'DELETE',
      url: `/v1/operations/${id}/shares/${shareId}`,
      headers: await authHeader(owner),
    });
    expect(revoked.statusCode).toBe(204);
    await expect
      .poll(() => guest.locator('operation-status .title').textContent(), { timeout: 15_000 })
      .toBe('Operation not found');
    // The owner's page is unaffected, and a reload of the link reads not found too.
    expect(await ownerPage.locator('operation-status .title').textContent()).toBe('In progress');
    await guest.goto(`${stack.baseUrl}${url}`);
    await expect
      .poll(() => guest.locator('operation-status .title').textContent(), { timeout: 15_000 })
      .toBe('Operation not found');
    expect(errors).toEqual([]);
    await ownerPage.getByRole('button', { name: 'Cancel' }).click();
  });
});
