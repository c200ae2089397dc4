import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** How a child process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
}

export interface SpawnOptions {
  /** Short name used in messages, e.g. "Temporal dev server". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** 'pipe' keeps the output (for `tail()`, `onLine` and `logFile`); 'inherit' shares the terminal. */
  output?: 'pipe' | 'inherit';
  /** Receives each output line when `output` is 'pipe'. */
  onLine?: (line: string) => void;
  /** Appends all output to this file when `output` is 'pipe'. */
  logFile?: string;
}

/** A child process that is stopped on exit, on SIGINT/SIGTERM/SIGHUP, or by `stop()`. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** The exit, once it happened. */
  exit(): ProcessExit | null;
  /** The last output lines, for error messages. */
  tail(): string;
  /** SIGTERM to its process group, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 20;
const DEFAULT_GRACE_MS = 10_000;
const EXIT_HANDLER_GRACE_MS = 3_000;
const CLOSE_WAIT_MS = 1000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** Live children, oldest first; stopped newest first so that clients go before their servers. */
const live: ManagedProcess[] = [];
let handlersInstalled = false;
let stopping: Promise<void> | null = null;

/**
 * Starts a child in its own process group (so a stop reaches anything it forks, and a Ctrl-C
 * in the terminal reaches only us, who stop children in order) and registers it.
 */
export function spawnManaged(options: SpawnOptions): ManagedProcess {
  installHandlers();
  const piped = options.output !== 'inherit';
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
  });
  const lines: string[] = [];
  let exitInfo: ProcessExit | null = null;
  const exited = new Promise<ProcessExit>((resolve) => {
    const finish = (info: ProcessExit) => {
      if (exitInfo) return;
      exitInfo = info;
      const index = live.indexOf(managed);
      if (index >= 0) live.splice(index, 1);
      resolve(info);
    };
    // Wait briefly for the pipes to drain too, so `tail()` holds the last lines when the exit is seen.
    child.once('exit', (code, signal) => {
      const timer = setTimeout(() => finish({ code, signal }), piped ? CLOSE_WAIT_MS : 0);
      child.once('close', () => {
        clearTimeout(timer);
        finish({ code, signal });
      });
    });
    child.once('error', (error) => finish({ code: null, signal: null, error }));
  });

  if (piped) {
    const file = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        file?.write(`${line}\n`);
        options.onLine?.(line);
      });
    }
    void exited.then(() => file?.end());
  }

  const managed: ManagedProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    exited,
    exit: () => exitInfo,
    tail: () => lines.join('\n'),
    stop: async (graceMs = DEFAULT_GRACE_MS) => {
      if (exitInfo) return;
      signalGroup(managed.pid, 'SIGTERM');
      if (await settlesWithin(exited, graceMs)) return;
      signalGroup(managed.pid, 'SIGKILL');
      await exited;
    },
  };
  if (child.pid !== undefined) live.push(managed);
  return managed;
}

/** Stops every live child, newest first. Safe to call again while a stop is under way. */
export function stopAllProcesses(graceMs = DEFAULT_GRACE_MS): Promise<void> {
  stopping ??= (async () => {
    for (const child of [...live].reverse()) await child.stop(graceMs);
  })().finally(() => {
    stopping = null;
  });
  return stopping;
}

/** Pids of the children still registered (running or not yet reaped). */
export function liveProcessIds(): number[] {
  return live.map((child) => child.pid);
}

/**
 * Whether a pid is a running process. A zombie (exited, not yet reaped by its parent) counts
 * as gone: it holds no port and no file.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  // Never kill(-1) or kill(0): those reach every process we may signal, or our own group.
  if (!(pid > 1)) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killAllSync);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      void stopAllProcesses().then(() => {
        // Re-raise when nobody else listens, so the process ends as the signal asked.
        if (process.listenerCount(signal) === 1) {
          process.removeListener(signal, onSignal);
          process.exitCode ??= 128 + SIGNAL_NUMBERS[signal];
          process.kill(process.pid, signal);
        }
      });
    };
    process.on(signal, onSignal);
  }
}

/**
 * Last resort on `process.exit` or an uncaught exception: the event loop is gone, so wait
 * synchronously for a short grace, then SIGKILL what is left. Children never outlive us.
 */
function killAllSync(): void {
  if (live.length === 0) return;
  for (const child of live) signalGroup(child.pid, 'SIGTERM');
  const deadline = Date.now() + EXIT_HANDLER_GRACE_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline && live.some((child) => isProcessRunning(child.pid))) Atomics.wait(pause, 0, 0, 50);
  for (const child of live) signalGroup(child.pid, 'SIGKILL');
}
