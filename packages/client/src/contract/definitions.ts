/**
 * The public Temporal contract of operations: names, search attributes and types that the
 * API, the worker and any other service share. Safe to import anywhere (no Node built-ins).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';

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

export const userIdSearchAttribute = defineSearchAttributeKey('userId', SearchAttributeType.KEYWORD);
export const operationJobSearchAttribute = defineSearchAttributeKey('operationJob', SearchAttributeType.KEYWORD);
export const operationStatusSearchAttribute = defineSearchAttributeKey('operationStatus', SearchAttributeType.KEYWORD);

/** Every search attribute the namespace must have, for dev servers and operators. */
export const OPERATION_SEARCH_ATTRIBUTES = [
  userIdSearchAttribute,
  operationJobSearchAttribute,
  operationStatusSearchAttribute,
] as const;

export const OPERATION_STATUSES = ['created', 'running', 'completed', 'failed', 'canceled'] as const;
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
}

/** Answers the workflow's own view of the operation. */
export const getOperationQuery = defineQuery<OperationRecord>('getOperation');

/** What the job activity returns: the complete record of what it reported. */
export type JobResult = JobProgress;

/** What one run of the file cleanup did. */
export interface CleanupReport {
  operationsChecked: number;
  objectsDeleted: number;
  uploadsAborted: number;
}

/** The activities the workflows call; `activities/` implements them. */
export interface OperationActivities {
  /** Runs one attempt of an operation's job. */
  runJob(operation: OperationInput): Promise<JobResult>;
}

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
