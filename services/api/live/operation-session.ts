import { hkdfSync } from 'node:crypto';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';

/**
 * Browser sessions scoped to one operation.
 *
 * A page or an EventSource cannot send an Authorization header, and a long-lived token must
 * never sit in a URL. So a caller holding the user's bearer token asks
 * `POST /v1/operations/{id}/browser-session` for a short-lived JWT that names the user and
 * that one operation, and receives it as an HttpOnly, SameSite=Strict cookie whose Path is
 * `/v1/operations/{id}` (so the browser sends it only to that operation's routes) and in the
 * body. A link may carry it in the URL fragment (`/operations/{id}#token=…`), which browsers
 * never send to servers; the page exchanges it for the cookie with the same POST and drops
 * the fragment. POSTs authenticated by the cookie alone also need an `X-Requested-With`
 * header, which no cross-site form can add.
 *
 * The signing key is derived (HKDF-SHA256) from AUTH_JWT_SECRET, so every API process
 * agrees on it without new configuration, and a scoped token never verifies as a user's
 * bearer token (different key, different issuer): it cannot list or create operations or
 * read another one. With AUTH_JWKS_URL alone there is no shared secret, and browser
 * sessions are unavailable (the route answers 501).
 */

/** The cookie that carries a session; one per operation, told apart by its Path. */
export const OPERATION_SESSION_COOKIE = 'operation_session';

/** How long a session lasts: long enough to watch, short enough that a leaked one soon expires. */
export const OPERATION_SESSION_TTL_SECONDS = 15 * 60;

const ISSUER = 'temporal-operations/operation-session';
const OPERATION_CLAIM = 'op';
/** Set on a view-only session opened from a share link: the share it came from. */
const SHARE_CLAIM = 'shr';

/** A verified session: who may see which operation, until when. */
export interface OperationSession {
  userId: string;
  operationId: string;
  expiresAt: Date;
  /** A view-only session from this share link: it reads, never acts, and ends with the share. */
  shareId?: string;
}

export interface IssuedSession extends OperationSession {
  token: string;
}

/** Issues and checks operation-scoped tokens. */
export interface OperationSessions {
  /** A session for `userId` on one operation, ending no later than `notAfter` (the credential it comes from). */
  issue(userId: string, operationId: string, notAfter?: Date, shareId?: string): Promise<IssuedSession>;
  /** Rejects a token that is forged, expired or not a session token. */
  verify(token: string): Promise<OperationSession & { token: string }>;
}

/** Whether a JWT claims to be a session token (unverified: it only chooses the verifier). */
export function looksLikeSessionToken(token: string): boolean {
  try {
    return decodeJwt(token).iss === ISSUER;
  } catch {
    return false;
  }
}

/** The session keys of this deployment, or null when there is no shared secret to derive them from. */
export function createOperationSessions(
  secret: string | undefined,
  ttlSeconds = OPERATION_SESSION_TTL_SECONDS,
): OperationSessions | null {
  if (!secret) return null;
  const key = new Uint8Array(hkdfSync('sha256', secret, 'temporal-operations', 'operation-session-token v1', 32));
  return {
    async issue(userId, operationId, notAfter, shareId) {
      const ttlEnd = Math.floor(Date.now() / 1000) + ttlSeconds;
      const end = notAfter ? Math.min(ttlEnd, Math.floor(notAfter.getTime() / 1000)) : ttlEnd;
      const expiresAt = new Date(end * 1000);
      const claims = shareId
        ? { [OPERATION_CLAIM]: operationId, [SHARE_CLAIM]: shareId }
        : { [OPERATION_CLAIM]: operationId };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, userId, operationId, expiresAt, ...(shareId ? { shareId } : {}) };
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        requiredClaims: ['exp', 'sub', OPERATION_CLAIM],
      });
      const operationId = payload[OPERATION_CLAIM];
      if (typeof operationId !== 'string' || !payload.sub || !payload.exp) throw new Error('malformed session token');
      const shareId = payload[SHARE_CLAIM];
      if (shareId !== undefined && typeof shareId !== 'string') throw new Error('malformed session token');
      return {
        token,
        userId: payload.sub,
        operationId,
        expiresAt: new Date(payload.exp * 1000),
        ...(shareId ? { shareId } : {}),
      };
    },
  };
}
