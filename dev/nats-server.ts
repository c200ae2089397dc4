import { connect } from '@nats-io/transport-node';
import { serverEnvironment } from './server-environment';
import { assertPortFree, LOOPBACK } from './ports';
import { spawnManaged, type ManagedProcess } from './processes';
import { waitUntilReady } from './wait-until-ready';

export interface NatsServerOptions {
  /** Path of the `nats-server` binary. */
  binary: string;
  port: number;
  /** Appends the server's own log here. */
  logFile?: string;
  /** How to pick another port, for the "port in use" line, e.g. "set NATS_PORT". */
  portHint?: string;
  readyTimeoutMs?: number;
}

export interface NatsServer {
  /** nats://127.0.0.1:<port> */
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The argv of `nats-server` v2.15: core NATS only (the progress bus needs no JetStream), on
 * loopback, no monitoring port. `--no_advertise` keeps clients on the one address given.
 */
export function natsServerArgs(port: number): string[] {
  return ['--addr', LOOPBACK, '--port', String(port), '--no_advertise'];
}

/** Starts nats-server and waits until a client connects and a round trip (flush) answers. */
export async function startNatsServer(options: NatsServerOptions): Promise<NatsServer> {
  await assertPortFree(options.port, 'NATS server', options.portHint ?? 'pick another port');
  const url = `nats://${LOOPBACK}:${options.port}`;
  const child = spawnManaged({
    name: 'NATS server',
    command: options.binary,
    args: natsServerArgs(options.port),
    env: serverEnvironment({}),
    logFile: options.logFile,
  });
  try {
    await waitUntilReady(() => roundTrip(url), {
      what: `NATS server on ${url}`,
      process: child,
      timeoutMs: options.readyTimeoutMs,
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { url, process: child, stop: () => child.stop() };
}

/** One connection, one PING/PONG, closed: the server accepts clients. */
export async function roundTrip(url: string): Promise<void> {
  const connection = await connect({ servers: url, reconnect: false, timeout: 1000 });
  try {
    await connection.flush();
  } finally {
    await connection.close();
  }
}
