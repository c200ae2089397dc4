import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DevServicesError } from '../../dev/dev-services-error';
import { assertPortFree, freePort } from '../../dev/ports';
import { spawnManaged } from '../../dev/processes';
import { waitUntilReady } from '../../dev/wait-until-ready';

describe('ports', () => {
  it('finds a free port and names a taken one in one line', async () => {
    const port = await freePort();
    await assertPortFree(port, 'S3 server', 'set S3_PORT');
    const server = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      await expect(assertPortFree(port, 'S3 server', 'set S3_PORT')).rejects.toThrow(
        new DevServicesError(
          `port ${port} for the S3 server is already in use on 127.0.0.1: stop what uses it or set S3_PORT`,
        ),
      );
    } finally {
      server.close();
    }
  });
});

describe('waitUntilReady', () => {
  it('returns what the probe answers once it succeeds', async () => {
    let calls = 0;
    const value = await waitUntilReady(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'up';
      },
      { what: 'thing', intervalMs: 10 },
    );
    expect(value).toBe('up');
  });

  it('gives up after its bound with one line quoting the last error', async () => {
    const error = await waitUntilReady(() => Promise.reject(new Error('connection refused\nmore')), {
      what: 'Temporal dev server on 127.0.0.1:1',
      timeoutMs: 200,
      intervalMs: 20,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevServicesError);
    expect((error as Error).message).toBe(
      'Temporal dev server on 127.0.0.1:1 was not ready after 0.2 s (last error: connection refused)',
    );
  });

  it('bounds a probe that never answers', async () => {
    const error = await waitUntilReady(() => new Promise(() => {}), {
      what: 'S3',
      timeoutMs: 100,
      probeTimeoutMs: 50,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^S3 was not ready after 0.1 s \(last error: no answer within 50 ms\)$/);
  });

  it('stops waiting when the server exits, quoting its output', async () => {
    const child = spawnManaged({
      name: 'failing',
      command: 'sh',
      args: ['-c', 'echo "listen tcp: address already in use"; exit 3'],
    });
    const error = await waitUntilReady(() => Promise.reject(new Error('refused')), {
      what: 'S3 server',
      process: child,
      intervalMs: 20,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'S3 server stopped before it was ready (exit code 3); its last output: listen tcp: address already in use',
    );
  });
});
