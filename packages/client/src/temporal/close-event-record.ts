import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { OperationRecord } from '../contract/definitions';
import { OPERATION_FAILED_TYPE } from '../contract/failure-types';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The final record carried by a workflow's close event, when the history long poll brought it:
 * a completed (or canceled) operation's result, or the record a failed one attaches to its
 * failure. Null for anything else (terminated, timed out, an event that is not the close): the
 * caller then reads Temporal as usual. Decoding only: no call to Temporal.
 */
export function recordFromCloseEvent(client: Client, events: readonly HistoryEvent[]): OperationRecord | null {
  for (const event of events) {
    const completed = completedEventRecord(client, event);
    if (completed !== undefined) return completed;
    const failed = failedEventRecord(client, event);
    if (failed !== undefined) return failed;
  }
  return null;
}

/** The result of a completed workflow's close event, decoded; undefined when `event` carries none. */
export function completedEventRecord(client: Client, event: HistoryEvent): OperationRecord | undefined {
  const result = event.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  return result ? decode(client, result) : undefined;
}

/** The record a failed operation attaches to its close event's failure; undefined when `event` carries none. */
function failedEventRecord(client: Client, event: HistoryEvent): OperationRecord | undefined {
  const failure = event.workflowExecutionFailedEventAttributes?.failure;
  const details = failure?.applicationFailureInfo?.details?.payloads?.[0];
  return failure?.applicationFailureInfo?.type === OPERATION_FAILED_TYPE && details
    ? decode(client, details)
    : undefined;
}

function decode(client: Client, payload: temporal.api.common.v1.IPayload): OperationRecord {
  return client.options.loadedDataConverter.payloadConverter.fromPayload(payload as Payload) as OperationRecord;
}
