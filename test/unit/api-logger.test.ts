import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OneLinePerRequest } from '../../services/api/logger';

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
    await app.inject({ method: 'GET', url: '/things/7?x=1', headers: { authorization: 'Bearer secret-token' } });
    await app.close();
    const requestLines = lines.filter((line) => line.reqId !== undefined);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      msg: 'request completed',
      method: 'GET',
      url: '/things/7?x=1',
      statusCode: 200,
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});
