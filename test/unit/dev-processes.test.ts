import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isProcessRunning, liveProcessIds, spawnManaged } from '../../dev/processes';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Resolves with the first line `child` prints. */
function firstLine(child: ReturnType<typeof spawnManaged>): Promise<string> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const line = child.tail().split('\n')[0];
      if (line) {
        clearInterval(timer);
        resolve(line);
      }
    }, 20);
  });
}

describe('spawnManaged', () => {
  it('stops the whole process group and forgets the child', async () => {
    const child = spawnManaged({ name: 'shell', command: 'sh', args: ['-c', 'sleep 30 & echo $!; wait'] });
    const grandchild = Number(await firstLine(child));
    expect(liveProcessIds()).toContain(child.pid);
    await child.stop();
    expect(isProcessRunning(child.pid)).toBe(false);
    expect(isProcessRunning(grandchild)).toBe(false);
    expect(liveProcessIds()).not.toContain(child.pid);
  });

  it('kills a child that ignores SIGTERM once the grace is over', async () => {
    const child = spawnManaged({
      name: 'stubborn',
      command: 'sh',
      args: ['-c', 'trap "" TERM; echo ready; sleep 30 & wait'],
    });
    await firstLine(child);
    const started = Date.now();
    await child.stop(300);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(child.exit()?.signal).toBe('SIGKILL');
  });

  it('reports a command that cannot start', async () => {
    const child = spawnManaged({ name: 'missing', command: '/nonexistent/binary', args: [] });
    const exit = await child.exited;
    expect((exit.error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

/** Runs a script that spawns a managed `sleep`, prints its pid, then does `ending`. */
async function orphanCheck(ending: string, signal?: NodeJS.Signals) {
  const code = `import { spawnManaged } from './dev/processes';
const child = spawnManaged({ name: 'sleep', command: 'sleep', args: ['30'] });
console.log(child.pid);
${ending}`;
  const script = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = await new Promise<number>((resolve) =>
    script.stdout.once('data', (data) => resolve(Number(String(data)))),
  );
  if (signal) script.kill(signal);
  const exitCode = await new Promise<number | null>((resolve) =>
    script.once('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))),
  );
  return { pid, exitCode };
}

describe('the process registry', () => {
  it('leaves no child behind when the parent throws', async () => {
    const { pid, exitCode } = await orphanCheck("throw new Error('boom');");
    expect(exitCode).toBe(1);
    expect(isProcessRunning(pid)).toBe(false);
  });

  it('stops its children on SIGTERM, then ends as the signal asked', async () => {
    const { pid, exitCode } = await orphanCheck('setInterval(() => {}, 1000);', 'SIGTERM');
    expect(exitCode).toBe(-1);
    expect(isProcessRunning(pid)).toBe(false);
  });

  it('stops its children on SIGINT', async () => {
    const { pid } = await orphanCheck('setInterval(() => {}, 1000);', 'SIGINT');
    expect(isProcessRunning(pid)).toBe(false);
  });
});
