import { Type, type Static } from 'typebox';

/** The longest `?wait`, in seconds: a long poll past a minute outlives common proxy and client timeouts. */
export const MAX_WAIT_SECONDS = 60;

/** The query string of `GET /v1/operations/{id}`. */
export const ReadOperationQuery = Type.Object({
  wait: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_WAIT_SECONDS,
      description: `Seconds (1 to ${MAX_WAIT_SECONDS}) to hold the answer until the operation finishes; after them, its current state`,
    }),
  ),
});
export type ReadOperationQuery = Static<typeof ReadOperationQuery>;
