import { describe, expect, it } from 'vitest';
import {
  idempotentOperationId,
  isOperationId,
  newOperationId,
  quoteQueryValue,
} from '../../packages/client/src/temporal/index';

const key = new TextEncoder().encode('the deployment operation-id key, 32+ bytes');
const otherKey = new TextEncoder().encode('another deployment operation-id key, 32+ b');

describe('operation ids', () => {
  it('are op_ plus 26 Crockford characters', async () => {
    expect(isOperationId(newOperationId())).toBe(true);
    expect(isOperationId(await idempotentOperationId('alice', 'key-1', key))).toBe(true);
  });

  it('derive the same id for the same user and key, another for another user', async () => {
    const first = await idempotentOperationId('alice', 'key-1', key);
    expect(await idempotentOperationId('alice', 'key-1', key)).toBe(first);
    expect(await idempotentOperationId('bob', 'key-1', key)).not.toBe(first);
    expect(await idempotentOperationId('alice', 'key-2', key)).not.toBe(first);
  });

  it('cannot be computed without the deployment key: no unkeyed digest, another key another id', async () => {
    const first = await idempotentOperationId('alice', 'key-1', key);
    expect(await idempotentOperationId('alice', 'key-1', otherKey)).not.toBe(first);
    const unkeyed = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('alice\u0000key-1')));
    expect(first).not.toContain(Buffer.from(unkeyed).toString('hex').slice(0, 8).toUpperCase());
  });

  it('refuse anything else', () => {
    for (const id of [
      '',
      'op_',
      'op_../etc',
      'op_"x"',
      `op_${'A'.repeat(27)}`,
      'op_ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ',
      'op_01J0000000000000000000000/',
    ]) {
      expect(isOperationId(id)).toBe(false);
    }
  });
});

describe('quoteQueryValue', () => {
  it('escapes quotes and backslashes so a value cannot end the string', () => {
    expect(quoteQueryValue('x" OR userId="bob')).toBe('"x\\" OR userId=\\"bob"');
    expect(quoteQueryValue('a\\')).toBe('"a\\\\"');
  });
});
