import { WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import {
  DELIVER_WEBHOOK_ACTIVITY,
  FINISHED_STATUSES,
  getOperationQuery,
  operationStatusSearchAttribute,
  type JobProgress,
  type OperationInput,
  type OperationRecord,
  type OperationStatus,
  type WebhookEvent,
} from '../contract/definitions';
import { OPERATION_FAILED_TYPE } from '../contract/failure-types';
import { initialOperationRecord } from '../contract/initial-record';
import { QUESTION_MEMO_KEY, type OperationQuestion } from '../contract/questions';
import { DEFAULT_DEADLINE_MS, withDeadline } from './deadline';

type Description = Awaited<ReturnType<WorkflowHandle['describe']>>;

/** The longest a query may wait for a worker before the reader falls back to what Temporal itself knows. */
const QUERY_BUDGET_MS = 1000;

export interface ReadOptions {
  /** The whole read's deadline, in ms, over all its calls. @default 5000 */
  deadlineMs?: number;
  /** Reuses the workflow's answer while its history has not grown: pollers then make one call per read. */
  cache?: WorkflowRecordCache;
  /** Set to where the merged heartbeat copy stands on the progress bus (unset when it says nothing). */
  sequence?: { value?: { attempt: number; seq: number } };
}

/** What the steps of one read share: the time left and the query cache. */
interface InternalRead {
  left: () => number;
  cache?: WorkflowRecordCache;
  sequence?: ReadOptions['sequence'];
}

/** The last answer of a running workflow's query, valid while its history length is unchanged. */
export interface WorkflowRecordCache {
  historyLength?: number;
  record?: OperationRecord;
}

/**
 * Builds the full Operation from Temporal: the workflow's record (query while running, result
 * once closed) merged with the live progress in the job activity's heartbeat details.
 * Answers without a worker: a closed operation comes from its result, a running one from its
 * start event when no worker answers the query in time. Null when there is no such operation.
 */
export async function readOperation(
  client: Client,
  id: string,
  options: ReadOptions = {},
): Promise<OperationRecord | null> {
  const handle = client.workflow.getHandle(id);
  // One deadline for the whole read, however many calls it takes.
  const until = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const read: InternalRead = {
    cache: options.cache,
    sequence: options.sequence,
    left: () => Math.max(1, until - Date.now()),
  };
  let description: Description;
  try {
    description = await withDeadline(client, read.left(), () => handle.describe());
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
  switch (description.status.name) {
    case 'RUNNING':
      return readRunning(client, handle, description, read);
    case 'COMPLETED':
      return withDeadline(client, read.left(), () => handle.result() as Promise<OperationRecord>);
    case 'FAILED':
      return readFailed(client, handle, read);
    default:
      return fromStartEvent(client, id, read, {
        status: description.status.name === 'CANCELLED' ? 'canceled' : 'failed',
        error:
          description.status.name === 'CANCELLED'
            ? null
            : { message: `Operation ${description.status.name.toLowerCase().replace('_', ' ')}` },
        closedAt: description.closeTime?.toISOString() ?? null,
      });
  }
}

async function readRunning(
  client: Client,
  handle: WorkflowHandle,
  description: Description,
  read: InternalRead,
): Promise<OperationRecord> {
  const budget = Math.min(read.left(), QUERY_BUDGET_MS);
  const { cache } = read;
  let record: OperationRecord;
  try {
    if (cache?.record && cache.historyLength === description.historyLength) {
      record = cache.record;
    } else {
      record = await withDeadline(client, budget, () => handle.query(getOperationQuery));
      if (cache) Object.assign(cache, { historyLength: description.historyLength, record });
    }
  } catch {
    // No worker answered: Temporal still knows the input, the status attribute and the heartbeat.
    const status = (description.typedSearchAttributes.get(operationStatusSearchAttribute) ??
      'created') as OperationStatus;
    // The open question is in the memo, so a person can answer while no worker runs.
    record = await fromStartEvent(client, handle.workflowId, read, { status, question: openQuestion(description) });
  }
  const job = jobActivity(description);
  const progress = liveProgress(client, job);
  if (read.sequence) read.sequence.value = progress?.sequence;
  return withPendingWebhook(mergeProgress(record, job, progress), description);
}

/** While its webhook is being delivered, a finished operation shows how the attempts go. */
function withPendingWebhook(record: OperationRecord, description: Description): OperationRecord {
  const delivery = description.raw.pendingActivities?.find(
    (activity) => activity.activityType?.name === DELIVER_WEBHOOK_ACTIVITY,
  );
  if (!delivery || !FINISHED_STATUSES.includes(record.status)) return record;
  const failed = delivery.lastFailure?.message ?? null;
  // Between attempts the server already counts the next one, which has not started.
  const started = delivery.state === proto.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
  const attempts = Math.max(0, (delivery.attempt ?? 1) - (started ? 0 : 1));
  return {
    ...record,
    webhook: {
      event: `operation.${record.status}` as WebhookEvent,
      status: 'pending',
      attempts,
      lastAttemptAt: failed ? (optionalTsToDate(delivery.lastAttemptCompleteTime)?.toISOString() ?? null) : null,
      error: failed,
    },
  };
}

async function readFailed(client: Client, handle: WorkflowHandle, read: InternalRead): Promise<OperationRecord> {
  try {
    await withDeadline(client, read.left(), () => handle.result());
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === OPERATION_FAILED_TYPE && cause.details?.[0]) {
      return cause.details[0] as OperationRecord;
    }
    const message = cause?.message ?? (error as Error).message;
    return fromStartEvent(client, handle.workflowId, read, { status: 'failed', error: { message } });
  }
  throw new Error(`Operation ${handle.workflowId} is failed in Temporal but returned a result`);
}

/** The question the workflow keeps in its memo while it waits, or null. */
export function openQuestion(description: Description): OperationQuestion | null {
  return (description.memo?.[QUESTION_MEMO_KEY] as OperationQuestion | null | undefined) ?? null;
}

type PendingActivity = NonNullable<Description['raw']['pendingActivities']>[number];

/** The job activity, while it is pending (scheduled, running, or waiting to be retried). */
function jobActivity(description: Description): PendingActivity | undefined {
  return description.raw.pendingActivities?.find((activity) => activity.activityType?.name === 'runJob');
}

/** The latest heartbeat details of the job activity, if it is pending. */
function liveProgress(client: Client, job: PendingActivity | undefined): JobProgress | null {
  const payload = job?.heartbeatDetails?.payloads?.[0];
  if (!payload) return null;
  return client.options.loadedDataConverter.payloadConverter.fromPayload(payload as Payload) as JobProgress;
}

function mergeProgress(
  record: OperationRecord,
  job: PendingActivity | undefined,
  progress: JobProgress | null,
): OperationRecord {
  // The describe came before the query: once the workflow has recorded the job's result, its
  // heartbeat details are older than the record and must not overwrite it.
  if (FINISHED_STATUSES.includes(record.status)) return record;
  // The workflow reads `running` once it has scheduled the job; the job runs once a worker took
  // it. A job resumed after a question has started before (its record has a start time).
  if (record.status === 'running' && !record.startedAt && !progress && isWaitingForFirstWorker(job)) {
    return { ...record, status: 'created', startedAt: null };
  }
  const startedAt = progress?.startedAt ?? record.startedAt ?? optionalTsToDate(job?.lastStartedTime)?.toISOString();
  if (!progress) return { ...record, startedAt: startedAt ?? null };
  return {
    ...record,
    startedAt: startedAt ?? null,
    percentage: progress.percentage,
    logs: progress.logs,
    output: progress.output,
    ...(progress.pace ? { pace: progress.pace } : {}),
  };
}

/** Scheduled and never started: no worker has picked the job up yet (a retry's wait is not that). */
function isWaitingForFirstWorker(job: PendingActivity | undefined): boolean {
  return (
    job?.state === proto.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED &&
    (job.attempt ?? 1) <= 1
  );
}

/** Rebuilds a record from the workflow's input, read from its first history event. */
async function fromStartEvent(
  client: Client,
  id: string,
  read: InternalRead,
  overrides: Partial<OperationRecord>,
): Promise<OperationRecord> {
  const history = await withDeadline(client, read.left(), () =>
    client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId: id },
      maximumPageSize: 1,
    }),
  );
  const payload = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new Error(`Operation ${id} has no start event`);
  const input = client.options.loadedDataConverter.payloadConverter.fromPayload(payload as Payload) as OperationInput;
  return { ...initialOperationRecord(input), ...overrides };
}
