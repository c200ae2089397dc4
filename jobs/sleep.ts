import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or rejects as soon as `signal` aborts (the operation was cancelled). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}
