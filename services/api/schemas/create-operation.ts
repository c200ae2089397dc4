import { Type, type Static } from 'typebox';
import { IdempotencyKey, JobName } from './common';

/** The JSON body of `POST /v1/operations`. */
export const CreateOperationBody = Type.Object(
  {
    job: JobName,
    params: Type.Optional(
      Type.Object(
        {},
        { additionalProperties: true, description: "The job's params, checked against its schema; {} when absent" },
      ),
    ),
    idempotencyKey: Type.Optional(IdempotencyKey),
  },
  { additionalProperties: false },
);
export type CreateOperationBody = Static<typeof CreateOperationBody>;

/** The `Idempotency-Key` header (Node lower-cases header names); it wins over the body field. */
export const CreateOperationHeaders = Type.Object({
  'idempotency-key': Type.Optional(IdempotencyKey),
});
export type CreateOperationHeaders = Static<typeof CreateOperationHeaders>;
