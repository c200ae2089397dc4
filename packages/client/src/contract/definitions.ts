/**
 * The public Temporal contract of operations: names, search attributes and types that the
 * API, the worker and any other service share. Safe to import anywhere (no Node built-ins).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';
import type { JobAsked, JobResume, OperationQuestion } from './questions';
import type { TimelineEntry } from './timeline';

/** Default task queue of the operation workflow and its activity. */
export const DEFAULT_TASK_QUEUE = 'operations';

/** Workflow type name, as registered by the worker. */
export const OPERATION_WORKFLOW_TYPE = 'operationWorkflow';

/** Workflow type of the periodic file cleanup, and the id of the Schedule that starts it. */
export const CLEANUP_WORKFLOW_TYPE = 'cleanupFilesWorkflow';
export const CLEANUP_SCHEDULE_ID = 'operations-file-cleanup';

/** Prefix of every operation id (the workflow id). */
export const OPERATION_ID_PREFIX = 'op_';

/** An operation id: `op_` then 26 Crockford base-32 characters. */
export const OPERATION_ID_PATTERN = /^op_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Spelled through public exports: the SDK's own key type lives in a deep path declarations cannot name. */
export type KeywordSearchAttributeKey = ReturnType<typeof defineSearchAttributeKey<typeof SearchAttributeType.KEYWORD>>;

export const userIdSearchAttribute: KeywordSearchAttributeKey = defineSearchAttributeKey(
  'userId',
  SearchAttributeType.KEYWORD,
);
export const operationJobSearchAttribute: KeywordSearchAttributeKey = defineSearchAttributeKey(
  'operationJob',
  SearchAttributeType.KEYWORD,
);
export const operationStatusSearchAttribute: KeywordSearchAttributeKey = defineSearchAttributeKey(
  'operationStatus',
  SearchAttributeType.KEYWORD,
);

/** Every search attribute the namespace must have, for dev servers and operators. */
export const OPERATION_SEARCH_ATTRIBUTES: readonly KeywordSearchAttributeKey[] = [
  userIdSearchAttribute,
  operationJobSearchAttribute,
  operationStatusSearchAttribute,
];

/** `waiting`: the job asked the person something and no activity runs until they answer. */
export const OPERATION_STATUSES = ['created', 'running', 'waiting', 'completed', 'failed', 'canceled'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const FINISHED_STATUSES: readonly OperationStatus[] = ['completed', 'failed', 'canceled'];

export interface OperationLog {
  /** ISO 8601 time the line was written. */
  at: string;
  message: string;
}

/** A file kept in the object store; `key` never leaves the service. */
export interface StoredFile {
  key: string;
  name: string;
  size: number;
  contentType: string;
}

export interface OperationAction {
  label: string;
  href: string;
  attributes: Record<string, string>;
}

export interface OperationOutput {
  message: string | null;
  file: StoredFile | null;
  action: OperationAction | null;
}

/** What the job reports while it runs; carried by heartbeat details, so it writes no history event. */
export interface JobProgress {
  /**
   * When the job's first attempt started on a worker: `running` and `startedAt` mean the job
   * runs, not that it waits for a free worker. Absent in records of operations started before.
   */
  startedAt?: string | null;
  percentage: number | null;
  logs: OperationLog[];
  output: OperationOutput;
  /** The job's last checkpoint, handed to the next attempt after a crash. */
  checkpoint?: unknown;
  /** Recent `[at ms, percentage]` samples, for the ETA (progress-eta.ts); absent before the first percentage. */
  pace?: [number, number][];
  /**
   * Where this copy stands on the progress bus (heartbeat details only): the attempt and its
   * change number, so a reader can tell which of a bus message and a heartbeat is newer.
   */
  sequence?: { attempt: number; seq: number };
}

/** How the activity that runs a job is retried and bounded. */
export interface JobRunOptions {
  /** Start-to-close timeout of one attempt, in milliseconds. */
  timeoutMs: number;
  /** Attempts in all, for infrastructure faults (and job errors when `retryJobErrors`). */
  maximumAttempts: number;
  /** Whether an error thrown by the job itself is retried. */
  retryJobErrors: boolean;
}

/** The workflow's input: everything known when the operation is created. */
export interface OperationInput {
  id: string;
  job: string;
  params: unknown;
  userId: string;
  inputFile: StoredFile | null;
  createdAt: string;
  run: JobRunOptions;
  /** The operation this one runs again (`POST …/rerun`); absent otherwise. */
  rerunOf?: string;
}

/**
 * The workflow's own view of an operation: what `getOperationQuery` answers and the
 * workflow returns (or attaches to its failure) when it closes.
 */
export interface OperationRecord extends JobProgress {
  id: string;
  job: string;
  params: unknown;
  userId: string;
  status: OperationStatus;
  error: { message: string } | null;
  inputFile: StoredFile | null;
  createdAt: string;
  startedAt: string | null;
  closedAt: string | null;
  /** The open question while `waiting`, else null. Absent in records made before questions existed. */
  question?: OperationQuestion | null;
  /** What happened, in order (bounded). Absent in records made before the timeline existed. */
  timeline?: TimelineEntry[];
  /** The operation this one runs again, or null. */
  rerunOf?: string | null;
  /**
   * The webhook of the operation's final event: null until it is due (and when the worker
   * has no endpoint for this job); absent in records of workflows older than webhooks.
   */
  webhook?: WebhookDelivery | null;
}

/** Events a webhook announces: one per final status. */
export type WebhookEvent = 'operation.completed' | 'operation.failed' | 'operation.canceled';

/** Where the delivery of an operation's webhook stands, after its last attempt. */
export interface WebhookDelivery {
  event: WebhookEvent;
  /** `pending` while attempts go on (the receiver failed or is being called). */
  status: 'pending' | 'delivered' | 'failed';
  /** Attempts made so far (the one under way included). */
  attempts: number;
  /** When the last attempt ended, or null while the first one runs. */
  lastAttemptAt: string | null;
  /** Why the last attempt failed; null after a success. */
  error: string | null;
}

/** What one delivery of a webhook did, as the activity reports it to the workflow. */
export interface WebhookOutcome {
  /**
   * `failed` only from the last attempt; `skipped` when the worker has no endpoint for the
   * job (the record then keeps no webhook).
   */
  status: 'delivered' | 'failed' | 'skipped';
  attempts: number;
  at: string;
  error: string | null;
}

/** How the workflow bounds one delivery; the last attempt reports a failure instead of throwing. */
export interface WebhookDeliveryOptions {
  maximumAttempts: number;
}

/** Answers the workflow's own view of the operation. */
export const getOperationQuery = defineQuery<OperationRecord>('getOperation');

/**
 * What the job activity returns: the complete record of what it reported. When the job asked a
 * question, `asked` is set and `checkpoint` kept: the workflow resumes the job from them.
 */
export type JobResult = JobProgress & {
  asked?: JobAsked;
  /** The attempt that ended the run: the next run's file keys sort after it. Absent in older results. */
  attempt?: number;
};

/** What one run of the file cleanup did. */
export interface CleanupReport {
  operationsChecked: number;
  objectsDeleted: number;
  uploadsAborted: number;
}

/** The activities the workflows call; `activities/` implements them. */
export interface OperationActivities {
  /** Runs one attempt of an operation's job; `resume` after the job asked and was answered. */
  runJob(operation: OperationInput, resume?: JobResume): Promise<JobResult>;
}

/** Delivers the signed webhook of an operation's final record to the operator's endpoints. */
export interface WebhookActivities {
  deliverWebhook(record: OperationRecord, options: WebhookDeliveryOptions): Promise<WebhookOutcome>;
  /** Whether the worker has an endpoint for `job`'s events: without one the workflow closes at once. */
  hasWebhookEndpoints(job: string): Promise<boolean>;
}

/** The activity type of the webhook delivery, as readers find it among pending activities. */
export const DELIVER_WEBHOOK_ACTIVITY = 'deliverWebhook';

export interface CleanupActivities {
  /** Removes the files of expired operations and abandoned uploads. */
  cleanupOperationFiles(): Promise<CleanupReport>;
}

/** Log bounds: heartbeat details and the activity result must stay well under 512 KiB. */
export const MAX_LOG_ENTRIES = 200;
export const MAX_LOG_MESSAGE_CHARS = 1000;
export const MAX_OUTPUT_MESSAGE_CHARS = 10_000;
export const MAX_ERROR_MESSAGE_CHARS = 10_000;

/** Deeper params are refused: they could not be cloned, validated or carried by Temporal safely. */
export const MAX_PARAMS_DEPTH = 64;

/** Cuts a text to `maxChars`, marking the cut with an ellipsis. */
export function truncateText(value: string, maxChars: number): string {
  return value.length > maxChars ? `${value.slice(0, maxChars - 1)}…` : value;
}
