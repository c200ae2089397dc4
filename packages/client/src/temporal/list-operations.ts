import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import proto from '@temporalio/proto';
import {
  OPERATION_WORKFLOW_TYPE,
  operationJobSearchAttribute,
  operationStatusSearchAttribute,
  userIdSearchAttribute,
  type OperationStatus,
} from '../contract/definitions';
import { withDeadline } from './deadline';

/** One line of a user's operation list, from Temporal visibility alone. */
export interface OperationSummary {
  id: string;
  job: string;
  userId: string;
  status: OperationStatus;
  createdAt: string;
  closedAt: string | null;
}

export interface ListFilter {
  userId: string;
  status?: OperationStatus;
  job?: string;
  pageSize: number;
  /** The opaque token of the previous page. */
  pageToken?: string;
}

/** Temporal refused the page token: it is malformed or belongs to another query. */
export class InvalidPageTokenError extends Error {
  override name = 'InvalidPageTokenError';
}

/**
 * A user's operations in visibility's own order (running first, then newest first: SQL
 * visibility refuses ORDER BY). Every value in the query is escaped, so a user id can never
 * widen it.
 */
export async function listOperations(
  client: Client,
  filter: ListFilter,
  options: { deadlineMs?: number } = {},
): Promise<{ operations: OperationSummary[]; nextPageToken: string | null }> {
  const conditions = [
    `WorkflowType = ${quoteQueryValue(OPERATION_WORKFLOW_TYPE)}`,
    `${userIdSearchAttribute.name} = ${quoteQueryValue(filter.userId)}`,
  ];
  if (filter.status) conditions.push(`${operationStatusSearchAttribute.name} = ${quoteQueryValue(filter.status)}`);
  if (filter.job) conditions.push(`${operationJobSearchAttribute.name} = ${quoteQueryValue(filter.job)}`);
  const nextPageToken = filter.pageToken ? decodePageToken(filter.pageToken) : undefined;
  let response;
  try {
    response = await withDeadline(client, options.deadlineMs, () =>
      client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: conditions.join(' AND '),
        pageSize: filter.pageSize,
        nextPageToken,
      }),
    );
  } catch (error) {
    if (nextPageToken && isInvalidArgument(error)) throw new InvalidPageTokenError('The page token is not valid');
    throw error;
  }
  const converter = client.options.loadedDataConverter.payloadConverter;
  const attribute = (fields: Record<string, Payload> | null | undefined, name: string) => {
    const payload = fields?.[name];
    return payload ? (converter.fromPayload(payload) as string) : undefined;
  };
  const operations = (response.executions ?? []).map((execution): OperationSummary => {
    const fields = execution.searchAttributes?.indexedFields as Record<string, Payload> | undefined;
    const closed =
      execution.status !== proto.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    return {
      id: execution.execution?.workflowId ?? '',
      job: attribute(fields, operationJobSearchAttribute.name) ?? '',
      userId: attribute(fields, userIdSearchAttribute.name) ?? filter.userId,
      status: (attribute(fields, operationStatusSearchAttribute.name) ??
        (closed ? 'failed' : 'created')) as OperationStatus,
      createdAt: timestamp(execution.startTime) ?? '',
      closedAt: closed ? (timestamp(execution.closeTime) ?? null) : null,
    };
  });
  const token = response.nextPageToken;
  return { operations, nextPageToken: token && token.length > 0 ? Buffer.from(token).toString('base64url') : null };
}

/** Quotes a value for a Temporal visibility query: backslashes and double quotes escaped. */
export function quoteQueryValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function decodePageToken(token: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidPageTokenError('The page token is not valid');
  return Buffer.from(token, 'base64url');
}

function isInvalidArgument(error: unknown): boolean {
  const code =
    (error as { code?: number; cause?: { code?: number } }).code ??
    (error as { cause?: { code?: number } }).cause?.code;
  return code === 3;
}

function timestamp(value: { seconds?: unknown; nanos?: number | null } | null | undefined): string | undefined {
  if (!value?.seconds) return undefined;
  const millis = Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return new Date(millis).toISOString();
}
