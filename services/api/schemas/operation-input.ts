import { Type, type Static } from 'typebox';
import { MAX_ANSWER_BYTES } from '@temporal-operations/client';

/** The body of `POST /v1/operations/{id}/input`. */
export const AnswerBody = Type.Object(
  {
    answer: Type.Unknown({
      description: `The answer, checked against the open question's schema (at most ${MAX_ANSWER_BYTES / 1024} KiB as JSON); an approval answers {"approved": true|false}`,
    }),
    questionId: Type.Optional(
      Type.String({
        maxLength: 20,
        description: 'The question this answers (question.id); a 409 when another one is open now',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AnswerBody = Static<typeof AnswerBody>;
