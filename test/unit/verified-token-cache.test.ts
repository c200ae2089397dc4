import { describe, expect, it, vi } from 'vitest';
import type { TokenIdentity } from '../../services/api/token-verifier';
import { withVerifiedTokenCache } from '../../services/api/verified-token-cache';

const inAMinute = () => new Date(Date.now() + 60_000);

describe('withVerifiedTokenCache', () => {
  it('verifies a token once while it is remembered', async () => {
    const verify = vi.fn(async (): Promise<TokenIdentity> => ({ userId: 'alice', expiresAt: inAMinute() }));
    const cached = withVerifiedTokenCache(verify, { ttlMs: 10_000 });
    expect(await cached('a')).toMatchObject({ userId: 'alice' });
    expect(await cached('a')).toMatchObject({ userId: 'alice' });
    expect(verify).toHaveBeenCalledTimes(1);
    await cached('b');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never remembers a refused token', async () => {
    const verify = vi.fn(async (): Promise<TokenIdentity> => {
      throw new Error('bad signature');
    });
    const cached = withVerifiedTokenCache(verify);
    await expect(cached('a')).rejects.toThrow('bad signature');
    await expect(cached('a')).rejects.toThrow('bad signature');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never past the ttl nor the token’s own expiry', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const expiresAt = new Date(1_000_000 + 3000);
      const verify = vi.fn(async (): Promise<TokenIdentity> => ({ userId: 'alice', expiresAt }));
      const cached = withVerifiedTokenCache(verify, { ttlMs: 10_000 });
      await cached('a');
      vi.setSystemTime(1_000_000 + 2999);
      await cached('a');
      expect(verify).toHaveBeenCalledTimes(1);
      vi.setSystemTime(1_000_000 + 3000);
      await cached('a');
      expect(verify).toHaveBeenCalledTimes(2);

      const long = vi.fn(async (): Promise<TokenIdentity> => ({ userId: 'bob', expiresAt: new Date(9e12) }));
      const short = withVerifiedTokenCache(long, { ttlMs: 1000 });
      await short('b');
      vi.setSystemTime(Date.now() + 1000);
      await short('b');
      expect(long).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const verify = vi.fn(async (token: string): Promise<TokenIdentity> => ({ userId: token, expiresAt: inAMinute() }));
    const cached = withVerifiedTokenCache(verify, { maxEntries: 2 });
    await cached('a');
    await cached('b');
    await cached('c');
    await cached('b');
    expect(verify).toHaveBeenCalledTimes(3);
    await cached('a');
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
