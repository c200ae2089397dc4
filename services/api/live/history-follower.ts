import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { MAX_RETRY_MS } from './retry-backoff';

/** Longer than the server's own long-poll bound (20 s by default), which then answers with no event. */
const LONG_POLL_DEADLINE_MS = 30_000;

/**
 * Follows a workflow's history with Temporal's long poll (`waitNewEvent`): one call waits
 * until the workflow records something (a state change, the job's result, the close), so a
 * watcher hears of state changes without polling; a quiet workflow costs one call per long-poll
 * bound. Calls `onEvents` after each batch of new events and `onClosed` once its history is
 * complete; stops when `signal` aborts. Failed calls are retried with a growing pause.
 */
export async function followHistory(
  client: Client,
  workflowId: string,
  handlers: {
    onEvents: (events: temporal.api.history.v1.IHistoryEvent[]) => void;
    onClosed: () => void;
  },
  signal: AbortSignal,
): Promise<void> {
  let nextPageToken: Uint8Array | undefined;
  let retryMs = 500;
  while (!signal.aborted) {
    try {
      const response = await client.connection.withAbortSignal(signal, () =>
        client.connection.withDeadline(Date.now() + LONG_POLL_DEADLINE_MS, () =>
          client.workflowService.getWorkflowExecutionHistory({
            namespace: client.options.namespace,
            execution: { workflowId },
            nextPageToken,
            waitNewEvent: true,
            skipArchival: true,
          }),
        ),
      );
      retryMs = 500;
      // The first answer is the history so far, which the watcher's own first read covers.
      const first = nextPageToken === undefined;
      const events = response.history?.events ?? [];
      if (!first && events.length > 0) handlers.onEvents(events);
      if (!response.nextPageToken || response.nextPageToken.length === 0) {
        handlers.onClosed();
        return;
      }
      nextPageToken = response.nextPageToken;
    } catch {
      // Retried quietly: a Temporal fault shows in the watcher's own reads, which report it.
      if (signal.aborted) return;
      try {
        await delay(retryMs, undefined, { signal });
      } catch {
        return;
      }
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }
}
