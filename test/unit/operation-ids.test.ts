import { describe, expect, it } from 'vitest';
import {
  idempotentOperationId,
  isOperationId,
  newOperationId,
  quoteQueryValue,
} from '../../workflows/operations-client';

describe('operation ids', () => {
  it('are op_ plus 26 Crockford characters', async () => {
    expect(isOperationId(newOperationId())).toBe(true);
    expect(isOperationId(await idempotentOperationId('alice', 'key-1'))).toBe(true);
  });

  it('derive the same id for the same user and key, another for another user', async () => {
    const first = await idempotentOperationId('alice', 'key-1');
    expect(await idempotentOperationId('alice', 'key-1')).toBe(first);
    expect(await idempotentOperationId('bob', 'key-1')).not.toBe(first);
    expect(await idempotentOperationId('alice', 'key-2')).not.toBe(first);
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
