import type { FastifyReply } from 'fastify';
import { FINISHED_STATUSES, type OperationStatus } from '@temporal-operations/client';
import { operationPath } from './schemas/operation';

/**
 * Long-running-operation conventions (Google AIP-151, Azure REST guidelines), so that generic
 * LRO clients can follow an operation: where to poll it, and how soon.
 */

/** Seconds a client should wait before reading an unfinished operation again; `?wait=N` is the cheaper way. */
export const RETRY_AFTER_SECONDS = 1;

/** `Operation-Location`: the path of the operation's status resource (`GET /v1/operations/{id}`). */
export function setOperationLocation(reply: FastifyReply, id: string): FastifyReply {
  return reply.header('operation-location', operationPath(id));
}

/** `Retry-After` while the operation is unfinished; a finished one has nothing left to poll for. */
export function setRetryAfter(reply: FastifyReply, status: OperationStatus): FastifyReply {
  if (!FINISHED_STATUSES.includes(status)) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply;
}

/** How OpenAPI documents the two headers, for the responses that carry them. */
export const operationLocationHeader = {
  'operation-location': {
    type: 'string',
    description: 'The path of the operation (GET it to follow it)',
  },
};

export const retryAfterHeader = {
  'retry-after': {
    type: 'integer',
    description: `Seconds to wait before reading again (${RETRY_AFTER_SECONDS}); only while the operation is created or running`,
  },
};
