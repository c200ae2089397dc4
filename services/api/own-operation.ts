import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OperationRecord } from '@temporal-operations/client';
import { isOperationId, readOperation } from '@temporal-operations/client';
import { operationNotFound } from './problem';

/**
 * Reads an operation for the caller. A malformed id, a missing operation and someone else's
 * operation all answer the same 404, and a malformed id never reaches Temporal.
 */
export async function readOwnOperation(
  app: FastifyInstance,
  request: FastifyRequest,
  id: string,
): Promise<OperationRecord> {
  if (!isOperationId(id)) throw operationNotFound();
  const record = await readOperation(app.temporal.client, id, { deadlineMs: app.temporal.deadlineMs });
  if (!record || record.userId !== request.userId) throw operationNotFound();
  return record;
}
