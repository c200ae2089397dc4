import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../bearer-token';
import { HttpProblem, operationNotFound } from '../problem';
import type { TokenVerifier } from '../token-verifier';
import {
  createOperationSessions,
  looksLikeSessionToken,
  OPERATION_SESSION_COOKIE,
  type OperationSession,
  type OperationSessions,
} from './operation-session';

/** Who asks about an operation, and with what. */
export interface OperationCaller {
  userId: string;
  /** A user's bearer token, a session token as bearer, or the session cookie. */
  via: 'bearer' | 'session-token' | 'cookie';
  /** Set when a session token (bearer or cookie) authenticated the request. */
  session?: OperationSession & { token: string };
  /** When the credential expires: a session, or a stream opened with it, ends then. */
  expiresAt: Date;
}

/** The header a cookie-authenticated POST must carry: cross-site forms cannot set it. */
export const CSRF_HEADER = 'x-requested-with';

/** Authentication of the routes a browser reaches for one operation: bearer token or that operation's session. */
export interface OperationAccess {
  /** Null when browser sessions are unavailable (no AUTH_JWT_SECRET). */
  sessions: OperationSessions | null;
  /**
   * Authenticates a request about operation `id`: 401 without a valid credential, 404 when
   * the session names another operation (as if this one did not exist). The owner check
   * against the operation itself is the route's job.
   */
  authenticate(request: FastifyRequest, id: string, options?: { cookie?: boolean }): Promise<OperationCaller>;
  /** Stores a session in the browser for its operation's routes only. */
  setSessionCookie(reply: FastifyReply, session: OperationSession & { token: string }): void;
}

/** Parses a Cookie header (`app.parseCookie` of @fastify/cookie). */
export type CookieParser = (header: string) => Record<string, string | undefined>;

/**
 * `verifyUserToken` is the auth plugin's (`app.verifyUserToken`): one verifier per process,
 * so its JWKS and its cache of verified tokens serve both kinds of route. `secret` is
 * AUTH_JWT_SECRET, from which session keys are derived.
 */
export function createOperationAccess(
  verifyUserToken: TokenVerifier,
  secret: string | undefined,
  parseCookie: CookieParser,
): OperationAccess {
  const sessions = createOperationSessions(secret);

  async function fromSession(token: string, id: string, via: 'session-token' | 'cookie'): Promise<OperationCaller> {
    if (!sessions) throw unauthorized('Browser sessions are not available on this server.');
    let session;
    try {
      session = await sessions.verify(token);
    } catch {
      throw unauthorized('The session is invalid or expired.');
    }
    if (session.operationId !== id) throw operationNotFound();
    return { userId: session.userId, via, session, expiresAt: session.expiresAt };
  }

  return {
    sessions,
    async authenticate(request, id, { cookie = true } = {}) {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const token = bearerToken(request);
        if (!token) throw unauthorized('The Authorization header must be "Bearer <token>".');
        if (looksLikeSessionToken(token)) return fromSession(token, id, 'session-token');
        try {
          return { ...(await verifyUserToken(token)), via: 'bearer' };
        } catch (error) {
          request.log.info({ reason: (error as Error).name }, 'bearer token refused');
          throw unauthorized('The bearer token is invalid or expired.');
        }
      }
      // Parsed here rather than read from request.cookies: routes of plugins registered earlier may not have them.
      const cookies = cookie ? request.headers.cookie : undefined;
      const sessionCookie = cookies ? parseCookie(cookies)[OPERATION_SESSION_COOKIE] : undefined;
      if (sessionCookie) return fromSession(sessionCookie, id, 'cookie');
      throw unauthorized("A bearer token or this operation's session cookie is required.");
    },
    setSessionCookie(reply, session) {
      const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
      reply.setCookie(OPERATION_SESSION_COOKIE, session.token, {
        path: `/v1/operations/${session.operationId}`,
        httpOnly: true,
        sameSite: 'strict',
        secure: reply.request.protocol === 'https',
        maxAge,
      });
    },
  };
}

/** Cookie-authenticated state changes need the custom header: SameSite=Strict plus this stops CSRF. */
export function requireCsrfHeader(request: FastifyRequest, caller: OperationCaller): void {
  if (caller.via !== 'cookie') return;
  const value = request.headers[CSRF_HEADER];
  if (typeof value !== 'string' || value.length === 0) {
    throw new HttpProblem(403, `A request authenticated by cookie must send the ${CSRF_HEADER} header.`);
  }
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail, { headers: { 'www-authenticate': 'Bearer' } });
}
