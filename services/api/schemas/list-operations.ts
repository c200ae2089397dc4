import { Type, type Static } from 'typebox';
import { JobName, OperationStatusSchema } from './common';

export const DEFAULT_PAGE_SIZE = 20;

/** The query string of `GET /v1/operations`. */
export const ListOperationsQuery = Type.Object({
  status: Type.Optional(OperationStatusSchema),
  job: Type.Optional(JobName),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })),
  pageToken: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2048, description: 'The nextPageToken of the previous page' }),
  ),
});
export type ListOperationsQuery = Static<typeof ListOperationsQuery>;
