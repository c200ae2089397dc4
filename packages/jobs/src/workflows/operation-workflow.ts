import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  CancellationScope,
  isCancellation,
  patched,
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
  type WebhookActivities,
  type WebhookEvent,
  initialOperationRecord,
  OPERATION_FAILED_TYPE,
} from '@temporal-operations/client/contract';

/** The patch that added the webhook delivery after the final record; histories before it replay without. */
export const WEBHOOK_PATCH = 'webhook-delivery';

/**
 * The webhook is retried with backoff for about 2.5 hours (1 s doubling up to every 10 min):
 * a receiver down that long still gets it. The last attempt reports its failure as a result,
 * so the record tells why it failed.
 */
export const WEBHOOK_MAX_ATTEMPTS = 24;

const { deliverWebhook } = proxyActivities<WebhookActivities>({
  // One attempt calls each endpoint once, 10 s at most each; a lost worker shows in 15 s.
  startToCloseTimeout: '2m',
  heartbeatTimeout: '15s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    maximumAttempts: WEBHOOK_MAX_ATTEMPTS,
  },
});

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
    await announce(record);
    return record;
  } catch (error) {
    Object.assign(record, progressFrom(error));
    if (isCancellation(error)) {
      // Completes normally so the final record stays readable from the result, with no worker.
      setStatus(record, 'canceled');
      await announce(record);
      return record;
    }
    record.error = { message: messageOf(error) };
    setStatus(record, 'failed');
    await announce(record);
    throw ApplicationFailure.create({
      message: record.error.message,
      type: OPERATION_FAILED_TYPE,
      nonRetryable: true,
      details: [record],
    });
  }
}

/**
 * Tells the operator's services that the operation ended, through its own activity. The record
 * and the status attribute are final before it starts, so readers see the end at once; the
 * workflow stays open only until the delivery is settled, and a cancel request cannot stop it.
 */
async function announce(record: OperationRecord): Promise<void> {
  if (!patched(WEBHOOK_PATCH)) return;
  const event = `operation.${record.status}` as WebhookEvent;
  await CancellationScope.nonCancellable(async () => {
    try {
      const outcome = await deliverWebhook(record, { maximumAttempts: WEBHOOK_MAX_ATTEMPTS });
      if (outcome.status !== 'skipped') {
        record.webhook = {
          event,
          status: outcome.status,
          attempts: outcome.attempts,
          lastAttemptAt: outcome.at,
          error: outcome.error,
        };
      }
    } catch (error) {
      // Its last attempt timed out (a lost worker): nothing reported otherwise.
      const at = new Date().toISOString();
      record.webhook = {
        event,
        status: 'failed',
        attempts: WEBHOOK_MAX_ATTEMPTS,
        lastAttemptAt: at,
        error: messageOf(error),
      };
    }
  });
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
