import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStack, type BrowserStack } from './browser-helpers';

let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('GET /docs', () => {
  it('renders the API reference under a content security policy that keeps it to this origin', async () => {
    const context = await stack.browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith(stack.baseUrl) && !request.url().startsWith('data:'))
          problems.push(request.url());
      });
      const response = await page.goto(`${stack.baseUrl}/docs`);
      const policy = response?.headers()['content-security-policy'];
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toMatch(/https:|upgrade-insecure-requests|validator\.swagger\.io/);
      expect(response?.ok()).toBe(true);
      await expect
        .poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 15_000 })
        .toContain('temporal-operations');
      await expect.poll(() => page.locator('.opblock').count()).toBeGreaterThan(5);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
