import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { trustProxyOption } from '../../services/api/config';
import { loggedUrl, OneLinePerRequest } from '../../services/api/logger';

describe('OneLinePerRequest', () => {
  it('logs one line per request, when it completes, without its credentials', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, logController: new OneLinePerRequest() });
    app.get('/things/:id', async () => ({ ok: true }));
    await app.inject({
      method: 'GET',
      url: '/things/7?access_token=query-secret&pageSize=5&status=running',
      headers: { authorization: 'Bearer secret-token' },
    });
    await app.close();
    const requestLines = lines.filter((line) => line.reqId !== undefined);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      msg: 'request completed',
      method: 'GET',
      url: '/things/7?access_token=[redacted]&pageSize=5&status=running',
      statusCode: 200,
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(JSON.stringify(lines)).not.toContain('query-secret');
  });
});

describe('the request line behind a proxy', () => {
  it("shows the client's address forwarded by a trusted proxy", async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const app = Fastify({
      logger: { level: 'info', stream },
      logController: new OneLinePerRequest(),
      trustProxy: trustProxyOption('127.0.0.1'),
    });
    app.get('/', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-for': '203.0.113.7' } });
    await app.close();
    expect(lines.find((line) => line.msg === 'request completed')).toMatchObject({ client: '203.0.113.7' });
  });
});

describe('loggedUrl', () => {
  it('keeps paths and the known parameters, and redacts every other value', () => {
    expect(loggedUrl('/v1/operations')).toBe('/v1/operations');
    expect(loggedUrl('/v1/operations?pageToken=abc&job=Export%20It&token=t')).toBe(
      '/v1/operations?pageToken=[redacted]&job=Export%20It&token=[redacted]',
    );
  });
});
