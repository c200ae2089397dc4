import { SignJWT } from 'jose';

/** How long the printed demo token is valid. */
export const DEMO_TOKEN_LIFETIME = '12h';

export interface DemoTokenOptions {
  secret: string;
  userId?: string;
  /** Set when the API requires an `iss` claim (AUTH_JWT_ISSUER). */
  issuer?: string;
  /** Set when the API requires an `aud` claim (AUTH_JWT_AUDIENCE). */
  audience?: string;
}

/** An HS256 bearer token for the demo user, as the API expects it (`sub` is the user id). */
export async function signDemoToken(options: DemoTokenOptions): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId ?? 'demo')
    .setIssuedAt()
    .setExpirationTime(DEMO_TOKEN_LIFETIME);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
