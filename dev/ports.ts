import { createServer, type AddressInfo } from 'node:net';
import { DevServicesError } from './dev-services-error';

/** Every dev server listens on loopback only. */
export const LOOPBACK = '127.0.0.1';

/**
 * Asks the kernel for `count` distinct free TCP ports on loopback: binds port 0 that many times
 * at once, reads the ports, then closes. Another process could take one before it is used;
 * servers started on it then fail with a clear line.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** One free TCP port on loopback; see `freePorts`. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/**
 * Fails with one line naming the port when something already listens on it, before a
 * server is started there (the servers' own messages are buried in their logs).
 * `hint` says how to pick another port, e.g. "set TEMPORAL_PORT".
 */
export async function assertPortFree(port: number, what: string, hint: string): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${code ?? String(error)})`;
    throw new DevServicesError(`port ${port} for the ${what} ${cause} on ${LOOPBACK}: stop what uses it or ${hint}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
