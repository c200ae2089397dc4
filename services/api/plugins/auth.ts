import fp from 'fastify-plugin';
import { bearerToken } from '../bearer-token';
import { HttpProblem } from '../problem';
import {
  createTokenVerifier,
  InvalidSubjectError,
  type TokenVerifier,
  type TokenVerifierOptions,
} from '../token-verifier';
import { withVerifiedTokenCache } from '../verified-token-cache';

declare module 'fastify' {
  interface FastifyInstance {
    /** Checks a user's bearer token: this process's one verifier (one JWKS set), with its cache of verified tokens. */
    verifyUserToken: TokenVerifier;
  }
  interface FastifyRequest {
    /** The caller's user id: the `sub` of a verified bearer token. Empty on public routes. */
    userId: string;
    /** When the credential of this request expires (bearer token or session); null on public routes. */
    credentialExpiresAt: Date | null;
  }
  interface FastifyContextConfig {
    /** Serve this route without a token (health, docs, metrics, the page). Routes are protected unless they say so. */
    public?: boolean;
    /**
     * A route about one operation (`:id`) that a browser reaches: a bearer token or that
     * operation's session cookie (authenticated by the live plugin's hook instead of here).
     */
    operationSession?: boolean;
  }
}

/**
 * Bearer-token authentication for every route that does not opt out with `config.public`.
 * Unknown routes answer their 404 without a token: the route list is public in the OpenAPI document.
 */
export default fp<TokenVerifierOptions>(
  async function auth(app, options) {
    const verify = withVerifiedTokenCache(createTokenVerifier(options));
    app.decorate('verifyUserToken', verify);
    app.decorateRequest('userId', '');
    app.decorateRequest('credentialExpiresAt', null);
    app.addHook('onRequest', async (request) => {
      const { config } = request.routeOptions;
      if (request.is404 || config.public || config.operationSession) return;
      const token = bearerToken(request);
      if (!token) throw unauthorized('A bearer token is required.', 'invalid_request');
      try {
        ({ userId: request.userId, expiresAt: request.credentialExpiresAt } = await verify(token));
      } catch (error) {
        // The reason helps an operator; the client only learns that the token was refused,
        // unless it is well signed and only its subject is unusable: then the fix is the issuer's.
        request.log.info({ reason: (error as Error).name }, 'bearer token refused');
        if (error instanceof InvalidSubjectError) throw unauthorized(error.message, 'invalid_token');
        throw unauthorized('The bearer token is invalid or expired.', 'invalid_token');
      }
    });
  },
  { name: 'auth', dependencies: ['problem-details'] },
);

function unauthorized(detail: string, code: 'invalid_request' | 'invalid_token'): HttpProblem {
  // RFC 6750: the challenge names the scheme; a missing token carries no error code.
  const challenge = code === 'invalid_request' ? 'Bearer' : 'Bearer error="invalid_token"';
  return new HttpProblem(401, detail, { headers: { 'www-authenticate': challenge } });
}
