import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DevServicesError } from '../../dev/dev-services-error';
import { LOOPBACK } from '../../dev/ports';
import { spawnManaged, type ManagedProcess } from '../../dev/processes';
import { lastLine } from './last-line';

const run = promisify(execFile);
const POSTGRES_USER = 'postgres';
const READY_TIMEOUT_MS = 60_000;

export interface PostgresServer {
  port: number;
  user: string;
  process: ManagedProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Debian's PostgreSQL binaries: POSTGRES_BIN_DIR, else the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(env = process.env): string {
  if (env.POSTGRES_BIN_DIR) return env.POSTGRES_BIN_DIR;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  const newest = versions.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new DevServicesError(
      'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin): apt-get install postgresql, or set POSTGRES_BIN_DIR',
    );
  }
  return join('/usr/lib/postgresql', newest, 'bin');
}

/**
 * Starts a private PostgreSQL as the `postgres` user (it refuses to run as root) on `port` of
 * loopback, with its data directory and socket under `dir`. Fails with one line naming the
 * cause and the log file.
 */
export async function startPostgres(dir: string, port: number): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });
  await chown(dir, ...(await postgresIds()));
  await chown(dataDir, ...(await postgresIds()));
  try {
    // Trust on loopback only: a throwaway cluster of one test run.
    await asPostgres(join(bin, 'initdb'), ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '--no-sync']);
  } catch (error) {
    throw new DevServicesError(
      `initdb of the test PostgreSQL failed: ${lastLine((error as { stderr?: string }).stderr)}`,
    );
  }
  const child = spawnManaged({
    name: 'PostgreSQL',
    command: 'runuser',
    args: ['-u', POSTGRES_USER, '--', join(bin, 'postgres'), '-D', dataDir, '-p', String(port)].concat(
      ['-c', `listen_addresses=${LOOPBACK}`, '-c', `unix_socket_directories=${dir}`],
      // Durability does not matter for one test run; speed does on a shared machine.
      ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    ),
    logFile,
  });
  const stop = () => child.stop();
  try {
    await waitUntilAccepting(bin, port, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, user: POSTGRES_USER, process: child, logFile, stop };
}

async function postgresIds(): Promise<[number, number]> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run('id', ['-u', POSTGRES_USER]),
    run('id', ['-g', POSTGRES_USER]),
  ]);
  return [Number(uid), Number(gid)];
}

function asPostgres(command: string, args: string[]) {
  return run('runuser', ['-u', POSTGRES_USER, '--', command, ...args]);
}

/** pg_isready speaks the protocol: a port that accepts TCP but is not PostgreSQL does not pass. */
async function waitUntilAccepting(bin: string, port: number, child: ManagedProcess, logFile: string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    const exit = child.exit();
    if (exit) {
      const how = exit.error?.message ?? `exit code ${exit.code ?? exit.signal}`;
      throw new DevServicesError(`PostgreSQL stopped at start (${how}): ${lastLine(child.tail())} (log: ${logFile})`);
    }
    const ready = await run(join(bin, 'pg_isready'), ['-q', '-h', LOOPBACK, '-p', String(port), '-t', '1']).then(
      () => true,
      () => false,
    );
    if (ready && !child.exit()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new DevServicesError(
    `PostgreSQL did not accept connections on ${LOOPBACK}:${port} within ${READY_TIMEOUT_MS} ms (log: ${logFile})`,
  );
}
