import { fileURLToPath } from 'node:url';
import { DevServicesError } from '../../dev/dev-services-error';
import { spawnManaged, type ManagedProcess } from '../../dev/processes';
import { lastLine } from './last-line';

/**
 * Runs one of deploy/temporal/*.sh as compose does (sh, settings in the environment), its
 * output appended to `logFile`. Fails with one line: the script's last line, or the exit of
 * `server` (the process the script waits for) if that stops first, and the log path.
 */
export async function runDeployScript(
  script: string,
  env: Record<string, string>,
  logFile: string,
  server?: { process: ManagedProcess; logFile: string },
): Promise<void> {
  const path = fileURLToPath(new URL(`../../deploy/temporal/${script}`, import.meta.url));
  const child = spawnManaged({
    name: script,
    command: 'sh',
    args: [path],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    logFile,
  });
  const serverExit = server?.process.exited.then((exit) => ({ server: exit }));
  const result = await Promise.race([
    child.exited.then((exit) => ({ script: exit })),
    ...(serverExit ? [serverExit] : []),
  ]);
  if ('server' in result && server) {
    await child.stop();
    const exit = result.server;
    throw new DevServicesError(
      `${server.process.name} stopped (${exit.error?.message ?? `exit code ${exit.code ?? exit.signal}`}) while ${script} waited for it: ${lastLine(server.process.tail())} (log: ${server.logFile})`,
    );
  }
  const exit = (result as { script: Awaited<ManagedProcess['exited']> }).script;
  if (exit.code !== 0) {
    throw new DevServicesError(
      `${script} failed (exit code ${exit.code ?? exit.signal}): ${lastLine(child.tail())} (log: ${logFile})`,
    );
  }
}
