import type { TokenIdentity, TokenVerifier } from './token-verifier';

export interface VerifiedTokenCacheOptions {
  /** How long a verified token is taken as verified. @default 30000 */
  ttlMs?: number;
  /** The most tokens remembered; the oldest goes first. @default 10000 */
  maxEntries?: number;
}

/**
 * Remembers verified bearer tokens for a short while: checking a signature was about a tenth
 * of a start's CPU, and a service sends the same token with every request. Only a token that
 * verified is remembered, by its exact text, never past its own `exp` (so expiry is enforced
 * on every request as before). The cost: a token whose JWKS key is withdrawn keeps working for
 * up to `ttlMs` in each process that saw it.
 */
export function withVerifiedTokenCache(verify: TokenVerifier, options: VerifiedTokenCacheOptions = {}): TokenVerifier {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const verified = new Map<string, { identity: TokenIdentity; until: number }>();
  return async (token) => {
    const now = Date.now();
    const known = verified.get(token);
    if (known && now < known.until) return known.identity;
    if (known) verified.delete(token);
    const identity = await verify(token);
    const until = Math.min(now + ttlMs, identity.expiresAt.getTime());
    if (until > now) {
      // Map keeps insertion order: the first key is the oldest.
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token, { identity, until });
    }
    return identity;
  };
}
