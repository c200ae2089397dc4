import { setTimeout as sleep } from 'node:timers/promises';
import { DevServicesError } from './dev-services-error';
import type { ManagedProcess } from './processes';

export interface ReadyOptions {
  /** What is awaited, for the error line, e.g. "Temporal dev server on 127.0.0.1:7233". */
  what: string;
  /** The server process: waiting ends at once if it exits. */
  process?: ManagedProcess;
  timeoutMs?: number;
  intervalMs?: number;
  /** Bound of one probe, so a server that accepts but never answers cannot hang us. */
  probeTimeoutMs?: number;
}

/**
 * Calls `probe` until it resolves, for at most `timeoutMs`. Fails with one line when the time
 * is up or the server process exits, quoting the probe's last error and the server's output.
 * A probe that throws a `DevServicesError` means "waiting will not help": it fails at once.
 */
export async function waitUntilReady<T>(probe: () => Promise<T>, options: ReadyOptions): Promise<T> {
  const { what, process: child, timeoutMs = 30_000, intervalMs = 100, probeTimeoutMs = 5000 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const exit = child?.exit();
    if (child && exit) {
      const how = exit.error ? exit.error.message : `exit code ${exit.code ?? exit.signal}`;
      throw new DevServicesError(`${what} stopped before it was ready (${how})${quote(child.tail())}`);
    }
    try {
      return await withTimeout(probe(), probeTimeoutMs);
    } catch (error) {
      if (error instanceof DevServicesError) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new DevServicesError(
        `${what} was not ready after ${timeoutMs / 1000} s (last error: ${firstLine(reason)})${quote(child?.tail() ?? '')}`,
      );
    }
    await sleep(intervalMs);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function quote(output: string): string {
  const lines = output.trim().split('\n').slice(-5).join(' | ');
  return lines ? `; its last output: ${lines}` : '';
}
