import { createHmac } from 'node:crypto';

/**
 * A short-lived HS256 token for the operations API, naming the user this backend acts for in
 * `sub` (the API shows an operation only to its `sub`). A real app may get it from its
 * identity provider instead; node:crypto keeps this example free of dependencies.
 */
export function serviceToken(secret, userId, ttlSeconds = 60) {
  const now = Math.floor(Date.now() / 1000);
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: userId, iat: now, exp: now + ttlSeconds })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
