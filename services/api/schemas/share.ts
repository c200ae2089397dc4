import { Type, type Static } from 'typebox';
import { MAX_SHARE_SECONDS } from '@temporal-operations/jobs';
import { IsoDateTime } from './common';

/** The default life of a share link; the longest (`MAX_SHARE_SECONDS`) is shared with the worker's cleanup. */
export const DEFAULT_SHARE_SECONDS = 86_400;

export const CreateShareBody = Type.Object(
  {
    expiresInSeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: MAX_SHARE_SECONDS,
        description: 'How long the link works: 60 s to 7 days; 24 hours by default',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateShareBody = Static<typeof CreateShareBody>;

/** An open share as its owner lists it: the link itself is shown once, when it is made. */
export const Share = Type.Object({
  id: Type.String({ description: 'shr_…; DELETE …/shares/{shareId} revokes it' }),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
});

export const CreatedShare = Type.Object({
  id: Type.String(),
  url: Type.String({
    description:
      'The view-only page, its token in the URL fragment (browsers send it to no server and in no Referer). Shown only now.',
  }),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
});

export const ShareList = Type.Object({ shares: Type.Array(Share) });

export const ShareParams = Type.Object({
  id: Type.String({ description: 'The operation id' }),
  shareId: Type.String({ description: 'The share id, shr_…' }),
});
