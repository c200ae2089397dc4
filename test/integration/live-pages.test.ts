import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api-test-app';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

describe('pages and assets', () => {
  it.each(['/operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0', '/operations/anything', '/demo'])(
    'serves %s without a token, with a strict Content-Security-Policy',
    async (url) => {
      const response = await api.app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const policy = String(response.headers['content-security-policy']);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      // The shell holds no operation data and no inline script.
      expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    },
  );

  it('serves the component as one JavaScript file without a token', async () => {
    const response = await api.app.inject({ url: '/assets/operation-status.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain("customElements.define('operation-status'");
    expect(response.body).not.toContain('innerHTML');
    expect((await api.app.inject({ url: '/assets/nothing.js' })).statusCode).toBe(404);
  });

  it('documents the event stream and browser sessions in the OpenAPI document', async () => {
    const document = (await api.app.inject({ url: '/openapi.json' })).json();
    const events = document.paths['/v1/operations/{id}/events'].get;
    expect(events.responses['200'].content['text/event-stream']).toBeDefined();
    expect(events.responses['404'].content['application/problem+json']).toBeDefined();
    expect(document.paths['/v1/operations/{id}/browser-session'].post.responses['201']).toBeDefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith('/assets'))).toBe(false);
  });
});
