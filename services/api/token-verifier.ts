import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, errors, type JWTVerifyGetKey } from 'jose';

/** Where tokens come from: an HS256 secret, a JWKS URL for asymmetric keys, or both. */
export interface TokenVerifierOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** Who a verified bearer token names, and until when it may be used. */
export interface TokenIdentity {
  userId: string;
  /** The token's `exp`: nothing opened with it (a session, a stream) lasts longer. */
  expiresAt: Date;
}

/** Checks a bearer token and answers its user id (`sub`) and expiry; rejects on any fault. */
export type TokenVerifier = (token: string) => Promise<TokenIdentity>;

/** Asymmetric algorithms accepted from a JWKS; HMAC is only ever checked against the configured secret. */
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** The longest user id the API accepts: SQL visibility keeps a Keyword search attribute in 255 characters. */
export const MAX_USER_ID_LENGTH = 255;

/** A clock skew allowance for `exp` and `nbf` between the issuer and this process. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** A token that is well signed but unusable as an identity. */
export class InvalidSubjectError extends Error {
  override name = 'InvalidSubjectError';
}

/**
 * Builds the verifier of the API's bearer tokens. `alg: none` and every algorithm not listed
 * are refused by jose before any key is looked up; `exp` and `sub` are required.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  // Imported once: jose would otherwise import the raw secret again for every request.
  const secret = options.secret ? createSecretKey(Buffer.from(options.secret)) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  if (!secret && !jwks) throw new Error('A JWT secret or a JWKS URL is required');
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC_ALGORITHMS : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks && ASYMMETRIC_ALGORITHMS.includes(header.alg)) return jwks(header, token);
    throw new errors.JOSEAlgNotAllowed(`"alg" (Algorithm) Header Parameter value not allowed`);
  };
  return async (token) => {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms,
      requiredClaims: ['exp', 'sub'],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const problem = userIdProblem(payload.sub);
    if (problem) throw new InvalidSubjectError(`The token's "sub" cannot be a user id: ${problem}.`);
    return { userId: payload.sub as string, expiresAt: new Date((payload.exp as number) * 1000) };
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a `sub` cannot be stored faithfully as the `userId` search attribute, or null. Temporal
 * turns lone surrogates into U+FFFD (two users would share one list), NUL and other controls
 * break visibility queries, SQL visibility keeps 255 characters, and edge whitespace is
 * ignored by some SQL collations.
 */
export function userIdProblem(subject: unknown): string | null {
  if (typeof subject !== 'string') return 'it is not a string';
  if (subject.length === 0 || subject.length > MAX_USER_ID_LENGTH) {
    return `it must be 1 to ${MAX_USER_ID_LENGTH} characters long`;
  }
  if (LONE_SURROGATE.test(subject)) return 'it contains a lone surrogate (not valid Unicode)';
  if (subject.includes('\uFFFD')) return 'it contains U+FFFD, the replacement character';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(subject)) return 'it contains a control character';
  if (subject.trim() !== subject) return 'it begins or ends with whitespace';
  return null;
}
