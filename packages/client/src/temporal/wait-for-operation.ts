import { isGrpcServiceError, type Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { OperationRecord } from '../contract/definitions';
import { completedEventRecord } from './close-event-record';
import { readOperation } from './read-operation';

/** Past the wait itself, the long poll's gRPC deadline: it must never end a wait early, nor let a lost call hang. */
const LONG_POLL_DEADLINE_MARGIN_MS = 5000;

const NOT_FOUND = 5;

export interface WaitForOperationOptions {
  /** The longest wait for the operation to finish, in ms. */
  timeoutMs: number;
  /** Ends the wait early (the caller went away): the wait then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The deadline of the read that follows the close, in ms. @default 5000 */
  deadlineMs?: number;
}

/**
 * Waits until the operation finishes and answers its final record, or null when `timeoutMs`
 * passed first (or there is no such operation): read it then for its current state.
 *
 * Built on Temporal's own long poll: one `GetWorkflowExecutionHistory` call with `waitNewEvent`
 * and the close-event filter that the server holds open until the workflow closes (or its
 * long-poll interval ends, about every 20 s, when the call is made again). A waiter costs
 * Temporal one call per that interval, whatever the timeout; no polling.
 */
export async function waitForOperation(
  client: Client,
  id: string,
  options: WaitForOperationOptions,
): Promise<OperationRecord | null> {
  const close = await waitForClose(client, id, options);
  if (close === false) return null;
  // A completed workflow's close event carries its result, the final record: no further call.
  const result = close ? completedEventRecord(client, close) : undefined;
  if (result !== undefined) return result;
  return readOperation(client, id, { deadlineMs: options.deadlineMs });
}

type CloseEvent = proto.temporal.api.history.v1.IHistoryEvent;

/**
 * The workflow's close event once it has closed (following its continued runs), null when it is
 * gone, false when the time ran out.
 */
async function waitForClose(
  client: Client,
  id: string,
  options: WaitForOperationOptions,
): Promise<CloseEvent | null | false> {
  const { timeoutMs, signal: callerSignal } = options;
  callerSignal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  const deadline = Date.now() + timeoutMs + LONG_POLL_DEADLINE_MARGIN_MS;
  const request: proto.temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest = {
    namespace: client.options.namespace,
    execution: { workflowId: id },
    waitNewEvent: true,
    historyEventFilterType: proto.temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
    skipArchival: true,
  };
  while (!signal.aborted) {
    let response: proto.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
    try {
      response = await client.connection.withAbortSignal(signal, () =>
        client.connection.withDeadline(deadline, () => client.workflowService.getWorkflowExecutionHistory(request)),
      );
    } catch (error) {
      callerSignal?.throwIfAborted();
      if (signal.aborted) return false;
      // Gone (past retention): the read that follows answers that there is no such operation.
      if (isGrpcServiceError(error) && error.code === NOT_FOUND) return null;
      throw error;
    }
    const event = response.history?.events?.[0];
    if (!event) {
      // The server's long-poll interval ended with the workflow still open: ask again where it left off.
      request.nextPageToken = response.nextPageToken;
      continue;
    }
    const nextRun = nextRunId(event);
    if (!nextRun) return event;
    request.execution = { workflowId: id, runId: nextRun };
    request.nextPageToken = undefined;
  }
  callerSignal?.throwIfAborted();
  return false;
}

/** The run a close event hands over to (continue-as-new, a retry), if any. */
function nextRunId(event: CloseEvent): string | undefined {
  return (
    event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ||
    event.workflowExecutionCompletedEventAttributes?.newExecutionRunId ||
    event.workflowExecutionFailedEventAttributes?.newExecutionRunId ||
    event.workflowExecutionTimedOutEventAttributes?.newExecutionRunId ||
    undefined
  );
}
