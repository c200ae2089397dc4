import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { OPERATION_FAILED_TYPE, type OperationRecord } from '@temporal-operations/client';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The final record carried by a workflow's close event, when the history long poll brought it:
 * a completed (or canceled) operation's result, or the record a failed one attaches to its
 * failure. Null for anything else (terminated, timed out, an event that is not the close): the
 * caller then reads Temporal as usual.
 */
export function recordFromCloseEvent(client: Client, events: readonly HistoryEvent[]): OperationRecord | null {
  const converter = client.options.loadedDataConverter.payloadConverter;
  for (const event of events) {
    const completed = event.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
    if (completed) return converter.fromPayload(completed as Payload) as OperationRecord;
    const failure = event.workflowExecutionFailedEventAttributes?.failure;
    const details = failure?.applicationFailureInfo?.details?.payloads?.[0];
    if (failure?.applicationFailureInfo?.type === OPERATION_FAILED_TYPE && details) {
      return converter.fromPayload(details as Payload) as OperationRecord;
    }
  }
  return null;
}
