import { Type, type Static } from 'typebox';
import { IdempotencyKey, JobName } from './common';

/**
 * The `multipart/form-data` body of `POST /v1/operations`, for the OpenAPI document. The
 * route reads it part by part while the file streams (uploads/create-form.ts), so it is
 * documented here rather than validated by Fastify.
 */
export const CreateOperationForm = Type.Object(
  {
    job: JobName,
    params: Type.Optional(
      Type.String({
        contentMediaType: 'application/json',
        description: "The job's params as a JSON object; {} when absent",
      }),
    ),
    idempotencyKey: Type.Optional(IdempotencyKey),
    file: Type.Optional(
      Type.String({
        format: 'binary',
        description:
          'The input file, at most MAX_INPUT_FILE_BYTES; the last part, after job and params. Its name is kept as metadata only.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Fields in this order: job, params, idempotencyKey (optional), then the one file part named file',
  },
);
export type CreateOperationForm = Static<typeof CreateOperationForm>;
