import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  getOperationQuery,
  MAX_ERROR_MESSAGE_CHARS,
  truncateText,
  operationStatusSearchAttribute,
  type JobProgress,
  type OperationActivities,
  type OperationInput,
  type OperationRecord,
  type OperationStatus,
  initialOperationRecord,
  OPERATION_FAILED_TYPE,
} from '@temporal-operations/client/contract';

/** A worker lost mid-job is noticed after this long without a heartbeat; the job then retries elsewhere. */
const HEARTBEAT_TIMEOUT = '10s';

/**
 * One operation: runs its job as an activity and keeps the operation's record. Progress and
 * logs travel in heartbeat details and are merged in by readers; this workflow records only
 * state changes, so a job's history stays a few events long however often it reports.
 */
export async function operationWorkflow(input: OperationInput): Promise<OperationRecord> {
  const record = initialOperationRecord(input);
  setHandler(getOperationQuery, () => record);

  const { runJob } = proxyActivities<OperationActivities>({
    startToCloseTimeout: input.run.timeoutMs,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { maximumAttempts: input.run.maximumAttempts, initialInterval: '1s', maximumInterval: '30s' },
    // Wait for the job to stop before the operation reads as canceled.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

  // The job's own start, not this moment, is the operation's: the job's result and failure
  // details carry it (no command here, so histories recorded before this line replay alike).
  setStatus(record, 'running');
  try {
    Object.assign(record, await runJob(input));
    setStatus(record, 'completed');
    return record;
  } catch (error) {
    Object.assign(record, progressFrom(error));
    if (isCancellation(error)) {
      // Completes normally so the final record stays readable from the result, with no worker.
      setStatus(record, 'canceled');
      return record;
    }
    record.error = { message: messageOf(error) };
    setStatus(record, 'failed');
    throw ApplicationFailure.create({
      message: record.error.message,
      type: OPERATION_FAILED_TYPE,
      nonRetryable: true,
      details: [record],
    });
  }
}

function setStatus(record: OperationRecord, status: OperationStatus): void {
  record.status = status;
  if (status !== 'running') record.closedAt = new Date().toISOString();
  upsertSearchAttributes([{ key: operationStatusSearchAttribute, value: status }]);
}

/** The job's last progress, attached by the activity to its failure. */
function progressFrom(error: unknown): Partial<JobProgress> {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const details = cause instanceof ApplicationFailure || cause instanceof CancelledFailure ? cause.details : undefined;
  return (details?.[0] as JobProgress | undefined) ?? {};
}

function messageOf(error: unknown): string {
  const cause = error instanceof ActivityFailure ? (error.cause ?? error) : error;
  return truncateText(cause instanceof Error ? cause.message : String(cause), MAX_ERROR_MESSAGE_CHARS);
}
