import { decodeJwt, jwtVerify, SignJWT } from 'jose';

/**
 * The secret part of a share link: a JWT naming the operation, the share and its owner, signed
 * with a key of this deployment (derived from OPERATIONS_SECRET). It travels only in the URL
 * fragment (`/operations/{id}#share=…`), which browsers send to no server and put in no
 * Referer; the page exchanges it for a view-only session cookie. A valid signature is not
 * enough: the share must still be open in the share store.
 */
const ISSUER = 'temporal-operations/operation-share';

export interface ShareClaims {
  operationId: string;
  shareId: string;
  /** The owner: the view-only session reads the operation as theirs. */
  userId: string;
  expiresAt: Date;
}

export interface ShareTokens {
  sign(claims: ShareClaims): Promise<string>;
  /** Rejects a token that is forged, altered or expired. */
  verify(token: string): Promise<ShareClaims>;
}

/** Whether a bearer token claims to be a share token (unverified: it only picks the verifier). */
export function looksLikeShareToken(token: string): boolean {
  try {
    return decodeJwt(token).iss === ISSUER;
  } catch {
    return false;
  }
}

export function createShareTokens(key: Uint8Array): ShareTokens {
  return {
    sign: ({ operationId, shareId, userId, expiresAt }) =>
      new SignJWT({ op: operationId })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setSubject(userId)
        .setJti(shareId)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key),
    async verify(token) {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        requiredClaims: ['exp', 'sub', 'jti', 'op'],
      });
      if (typeof payload.op !== 'string' || !payload.sub || !payload.jti || !payload.exp) {
        throw new Error('malformed share token');
      }
      return {
        operationId: payload.op,
        shareId: payload.jti,
        userId: payload.sub,
        expiresAt: new Date(payload.exp * 1000),
      };
    },
  };
}
