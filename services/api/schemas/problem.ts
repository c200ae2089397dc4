import { Type, type Static } from 'typebox';

/** An RFC 9457 problem details object: every error answer of the API. */
export const Problem = Type.Object(
  {
    type: Type.String({
      description: 'A URI naming the kind of problem; about:blank means the HTTP status says it all',
    }),
    title: Type.String({ description: 'A short summary of the kind of problem' }),
    status: Type.Integer({ description: 'The HTTP status code' }),
    detail: Type.Optional(Type.String({ description: 'What went wrong with this request' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.Optional(Type.String({ description: 'A JSON pointer into the request body' })),
          name: Type.Optional(Type.String({ description: 'A query, header or path parameter' })),
          message: Type.String(),
        }),
        { description: 'The failing fields of a validation error (at most 100)', maxItems: 100 },
      ),
    ),
    errorCount: Type.Optional(
      Type.Integer({ minimum: 0, description: 'How many fields failed; errors lists the first 100' }),
    ),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);
export type Problem = Static<typeof Problem>;

/** Response schema entries for problem answers, keyed by status, for route schemas. */
export function problemResponses<const S extends number>(...statuses: S[]): Record<S, unknown> {
  const entry = { description: 'A problem', content: { 'application/problem+json': { schema: Problem } } };
  return Object.fromEntries(statuses.map((status) => [status, entry])) as Record<S, unknown>;
}

/** A response schema entry's content for a JSON answer of that schema (the counterpart of `problemResponses`). */
export function json<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}
