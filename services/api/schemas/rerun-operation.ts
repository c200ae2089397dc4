import { Type, type Static } from 'typebox';
import { Operation } from './operation';

/** The body of `POST /v1/operations/{id}/rerun`. */
export const RerunBody = Type.Object(
  {
    params: Type.Optional(
      Type.Unknown({ description: "Edited params, checked against the job's schema; the original's when absent" }),
    ),
  },
  { additionalProperties: false },
);
export type RerunBody = Static<typeof RerunBody>;

/** The new operation, with a browser session on it so a page can go on watching (when sessions are available). */
export const RerunResult = Type.Object(
  {
    ...Operation.properties,
    session: Type.Union([
      Type.Object({
        token: Type.String({ description: 'A session token for the new operation only (see browser-session)' }),
        expiresAt: Type.String({ format: 'date-time' }),
      }),
      Type.Null(),
    ]),
  },
  { description: 'The new operation' },
);
