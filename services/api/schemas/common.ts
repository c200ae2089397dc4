import { Type } from 'typebox';
import { OPERATION_STATUSES } from '@temporal-operations/client';

/**
 * An operation id in a path. Deliberately loose: a malformed id answers 404 like a missing
 * one (checked in the handler, before any Temporal call), not a 400 that would tell them apart.
 */
export const OperationIdParams = Type.Object({
  id: Type.String({ description: 'The operation id, e.g. op_01J…' }),
});

/** The lifecycle of an operation. */
export const OperationStatusSchema = Type.Enum([...OPERATION_STATUSES], {
  description:
    'created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled',
});

/** A job name, as registered by the worker and listed by `GET /v1/jobs`. */
export const JobName = Type.String({ minLength: 1, maxLength: 200, description: 'A registered job name' });

/** An idempotency key: the same key from the same user returns the first operation. */
export const IdempotencyKey = Type.String({
  pattern: '^[A-Za-z0-9._:-]{1,200}$',
  description: '1 to 200 characters of A-Z a-z 0-9 . _ : -',
});

export const IsoDateTime = Type.String({ format: 'date-time' });
