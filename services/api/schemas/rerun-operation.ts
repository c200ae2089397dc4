import { Type, type Static } from 'typebox';

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
