import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Log } from './dev-services-error';
import { assertPortFree, LOOPBACK } from './ports';
import { spawnManaged, type ManagedProcess } from './processes';
import { ensureSearchAttributes, searchAttributeFlags, type SearchAttributeKey } from './search-attributes';
import { waitUntilReady } from './wait-until-ready';

export interface TemporalDevServerOptions {
  /** Path of the `temporal` CLI. */
  binary: string;
  port: number;
  /** Port of the web UI; null runs headless. */
  uiPort: number | null;
  /** SQLite file that keeps state across restarts; null keeps it in memory. */
  dbFile: string | null;
  namespace: string;
  searchAttributes: readonly SearchAttributeKey[];
  log: Log;
  /** Appends the server's own log here. */
  logFile?: string;
  /** How to pick other ports, for the "port in use" line, e.g. `{ port: 'set TEMPORAL_PORT' }`. */
  portHints?: { port?: string; uiPort?: string };
  readyTimeoutMs?: number;
}

export interface TemporalDevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  uiUrl: string | null;
  namespace: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** The argv of `temporal server start-dev` (see TEMPORAL-NOTES.md §1). */
export function temporalDevServerArgs(options: Omit<TemporalDevServerOptions, 'binary' | 'log'>): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    LOOPBACK,
    '--port',
    String(options.port),
    ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    ...(options.dbFile === null ? [] : ['--db-filename', options.dbFile]),
    // "default" always exists; other namespaces must be asked for.
    ...(options.namespace === 'default' ? [] : ['--namespace', options.namespace]),
    ...searchAttributeFlags(options.searchAttributes),
    // No internet here: the version check would only add noise and latency.
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    // Backlogged tasks of different users (fairness keys) are dispatched in turn. In server
    // 1.29 that holds within one partition (with the default four, one user's backlog still
    // went first: 18 of 24 of its jobs started before another user's one, against 2 of 24).
    '--dynamic-config-value',
    'matching.enableFairness=true',
    '--dynamic-config-value',
    'matching.numTaskqueueReadPartitions=1',
    '--dynamic-config-value',
    'matching.numTaskqueueWritePartitions=1',
    '--log-level',
    'warn',
  ];
}

/**
 * Starts `temporal server start-dev`, waits until a real gRPC call answers, and makes sure the
 * search attributes exist (also on an existing database file). Stops the server on failure.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const hints = options.portHints ?? {};
  await assertPortFree(options.port, 'Temporal gRPC frontend', hints.port ?? 'pick another port');
  if (options.uiPort !== null) await assertPortFree(options.uiPort, 'Temporal UI', hints.uiPort ?? 'pick another port');
  if (options.dbFile !== null) await mkdir(dirname(options.dbFile), { recursive: true });

  const address = `${LOOPBACK}:${options.port}`;
  const uiUrl = options.uiPort === null ? null : `http://${LOOPBACK}:${options.uiPort}`;
  const child = spawnManaged({
    name: 'Temporal dev server',
    command: options.binary,
    args: temporalDevServerArgs(options),
    env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' },
    logFile: options.logFile,
  });
  try {
    const what = `Temporal dev server on ${address}`;
    const timeoutMs = options.readyTimeoutMs;
    const connection = await waitUntilReady(() => connectAndList(address, options.namespace), {
      what,
      process: child,
      timeoutMs,
    });
    try {
      const added = await connection.withDeadline(Date.now() + 10_000, () =>
        ensureSearchAttributes(connection, options.namespace, options.searchAttributes),
      );
      if (added.length > 0) options.log(`registered search attributes ${added.join(', ')} in ${options.namespace}`);
    } finally {
      await connection.close();
    }
    if (uiUrl !== null)
      await waitUntilReady(() => fetchOk(uiUrl), { what: `Temporal UI on ${uiUrl}`, process: child, timeoutMs });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { address, uiUrl, namespace: options.namespace, process: child, stop: () => child.stop() };
}

/** Ready means the frontend answers and knows the namespace. */
async function connectAndList(address: string, namespace: string): Promise<Connection> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.withDeadline(Date.now() + 2000, () =>
      connection.operatorService.listSearchAttributes({ namespace }),
    );
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}
