import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../services/api/token-verifier';

const secret = 'unit-test-secret-of-at-least-32-chars';
const key = new TextEncoder().encode(secret);
const inOneMinute = () => Math.floor(Date.now() / 1000) + 60;

function hs256(claims: Record<string, unknown>) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
}

describe('createTokenVerifier', () => {
  const verify = createTokenVerifier({ secret });

  it('answers the sub of a valid HS256 token', async () => {
    const exp = inOneMinute();
    await expect(verify(await hs256({ sub: 'alice', exp }))).resolves.toEqual({
      userId: 'alice',
      expiresAt: new Date(exp * 1000),
    });
  });

  it('refuses alg none, other algorithms, expiry, and a missing or unusable sub', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const refused = [
      new UnsecuredJWT({ sub: 'alice' }).setExpirationTime(inOneMinute()).encode(),
      await new SignJWT({ sub: 'alice', exp: inOneMinute() }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey),
      await new SignJWT({ sub: 'alice', exp: inOneMinute() }).setProtectedHeader({ alg: 'HS384' }).sign(key),
      await hs256({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }),
      await hs256({ sub: 'alice' }),
      await hs256({ exp: inOneMinute() }),
      await hs256({ sub: '', exp: inOneMinute() }),
      await hs256({ sub: 'x'.repeat(256), exp: inOneMinute() }),
      await hs256({ sub: ['alice'], exp: inOneMinute() }),
      'a.b.c',
    ];
    for (const token of refused) await expect(verify(token)).rejects.toThrow();
  });

  it.each([
    ['a lone high surrogate', 'alice\uD800', /lone surrogate/],
    ['a lone low surrogate', '\uDC00bob', /lone surrogate/],
    ['the replacement character', 'alice\uFFFD', /U\+FFFD/],
    ['NUL', 'al\u0000ice', /control character/],
    ['a C1 control', 'al\u0085ice', /control character/],
    ['edge whitespace', ' alice', /whitespace/],
    ['256 characters', 'x'.repeat(256), /1 to 255 characters/],
  ])('refuses a sub Temporal cannot store faithfully: %s', async (_kind, sub, reason) => {
    await expect(verify(await hs256({ sub, exp: inOneMinute() }))).rejects.toThrow(reason);
  });

  it('accepts 255 characters, and letters of every script', async () => {
    for (const sub of ['x'.repeat(255), 'Jürgen Straße', '山田太郎', '😀 user']) {
      await expect(verify(await hs256({ sub, exp: inOneMinute() }))).resolves.toMatchObject({ userId: sub });
    }
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createTokenVerifier({ secret, issuer: 'https://issuer.test', audience: 'ops' });
    const good = await hs256({ sub: 'alice', exp: inOneMinute(), iss: 'https://issuer.test', aud: 'ops' });
    await expect(strict(good)).resolves.toMatchObject({ userId: 'alice' });
    await expect(strict(await hs256({ sub: 'alice', exp: inOneMinute(), aud: 'ops' }))).rejects.toThrow();
    await expect(
      strict(await hs256({ sub: 'alice', exp: inOneMinute(), iss: 'https://issuer.test' })),
    ).rejects.toThrow();
  });

  it('needs a secret or a JWKS URL', () => {
    expect(() => createTokenVerifier({})).toThrow();
  });
});
