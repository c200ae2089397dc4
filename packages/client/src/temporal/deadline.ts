import type { Client } from '@temporalio/client';

/** Every Temporal call gets a deadline: a missing worker or server must never hang a request. */
export const DEFAULT_DEADLINE_MS = 5000;

export function withDeadline<T>(client: Client, deadlineMs: number | undefined, call: () => Promise<T>): Promise<T> {
  return client.connection.withDeadline(Date.now() + (deadlineMs ?? DEFAULT_DEADLINE_MS), call);
}
