import { describe, expect, it } from 'vitest';
import { openPageToken, sealPageToken } from '../../services/api/page-token';
import { deriveServerKeys } from '../../services/api/server-keys';

describe('page tokens', () => {
  const key = deriveServerKeys('a server secret of at least thirty-two characters').pageToken;
  const otherKey = deriveServerKeys('another server secret, thirty-two characters or more').pageToken;
  const scope = { userId: 'alice', status: 'running', job: 'OperationExampleJob' };
  const temporalToken = 'eyJDbG9zZVRpbWUiOjF9-01a23129-cc57-751d-84be-a411c194282e';

  it('open to the Temporal token for the same user and filters', () => {
    const sealed = sealPageToken(temporalToken, scope, key);
    expect(openPageToken(sealed, { ...scope }, key)).toBe(temporalToken);
  });

  it('show nothing of the Temporal token (no run ids)', () => {
    const sealed = sealPageToken(temporalToken, scope, key);
    expect(sealed).not.toContain('eyJDbG9zZVRpbWUiOjF9');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('a411c194282e');
  });

  it('refuse another user, other filters, another key, tampering and garbage', () => {
    const sealed = sealPageToken(temporalToken, scope, key);
    expect(openPageToken(sealed, { ...scope, userId: 'bob' }, key)).toBeNull();
    expect(openPageToken(sealed, { ...scope, status: undefined }, key)).toBeNull();
    expect(openPageToken(sealed, { ...scope, job: 'ExportProductsJob' }, key)).toBeNull();
    expect(openPageToken(sealed, scope, otherKey)).toBeNull();
    expect(openPageToken(`x${sealed}`, scope, key)).toBeNull();
    expect(openPageToken(sealed.slice(0, -1), scope, key)).toBeNull();
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[14]! ^= 1;
    expect(openPageToken(flipped.toString('base64url'), scope, key)).toBeNull();
    for (const garbage of ['', '.', 'AAAA', 'AAAA.', '.AAAA', 'a.b.c', 'A'.repeat(200)])
      expect(openPageToken(garbage, scope, key)).toBeNull();
  });

  it('keep user id and filters apart, so no two scopes open the same token', () => {
    const sealed = sealPageToken('t', { userId: 'a', job: 'b' }, key);
    expect(openPageToken(sealed, { userId: 'a', status: 'b' }, key)).toBeNull();
    expect(openPageToken(sealed, { userId: 'ab' }, key)).toBeNull();
  });
});
