import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { spawnManaged, type ManagedProcess } from '../dev/processes';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a TypeScript entry point as its own node process (tsx loader), its output appended to
 * `logFile` by the shell rather than relayed through this process, whose CPU the benches
 * measure. `exec` keeps the pid that of node itself, for /proc sampling and signals.
 */
export function spawnService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  nodeArgs: string[] = [],
): ManagedProcess {
  const node = [process.execPath, ...nodeArgs, '--import', import.meta.resolve('tsx'), entry];
  return spawnManaged({
    name,
    command: '/bin/sh',
    args: ['-c', 'exec "$@" >>"$BENCH_LOG_FILE" 2>&1', 'sh', ...node],
    cwd: root,
    env: { ...env, BENCH_LOG_FILE: logFile },
    output: 'inherit',
  });
}

/** The last lines of a log file, for an error message. */
export async function logTail(logFile: string, lines = 15): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
