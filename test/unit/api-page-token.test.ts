import { describe, expect, it } from 'vitest';
import { openPageToken, sealPageToken } from '../../services/api/page-token';

describe('page tokens', () => {
  const scope = { userId: 'alice', status: 'running', job: 'OperationExampleJob' };

  it('open to the Temporal token for the same user and filters', () => {
    const sealed = sealPageToken('eyJDbG9zZVRpbWUiOjF9', scope);
    expect(openPageToken(sealed, { ...scope })).toBe('eyJDbG9zZVRpbWUiOjF9');
  });

  it('refuse another user, other filters, tampering and garbage', () => {
    const sealed = sealPageToken('eyJDbG9zZVRpbWUiOjF9', scope);
    expect(openPageToken(sealed, { ...scope, userId: 'bob' })).toBeNull();
    expect(openPageToken(sealed, { ...scope, status: undefined })).toBeNull();
    expect(openPageToken(sealed, { ...scope, job: 'ExportProductsJob' })).toBeNull();
    expect(openPageToken(`x${sealed}`, scope)).toBeNull();
    expect(openPageToken(sealed.slice(0, -1), scope)).toBeNull();
    for (const garbage of ['', '.', 'AAAA', 'AAAA.', '.AAAA', 'a.b.c'])
      expect(openPageToken(garbage, scope)).toBeNull();
  });

  it('keep user id and filters apart, so no two scopes share a digest', () => {
    const sealed = sealPageToken('t', { userId: 'a', job: 'b' });
    expect(openPageToken(sealed, { userId: 'a', status: 'b' })).toBeNull();
    expect(openPageToken(sealed, { userId: 'ab' })).toBeNull();
  });
});
