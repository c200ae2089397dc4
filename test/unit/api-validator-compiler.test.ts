import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { validatorCompiler } from '../../services/api/validator-compiler';

const Query = Type.Object({
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  status: Type.Optional(Type.Enum(['running', 'completed'])),
});

function compile(httpPart: string) {
  return validatorCompiler({ schema: Query, httpPart, method: 'GET', url: '/' }) as (value: unknown) => {
    value?: unknown;
    error?: unknown[];
  };
}

describe('validatorCompiler', () => {
  it('converts plain decimal text in the query string', () => {
    expect(compile('querystring')({ pageSize: '20', status: 'running' })).toEqual({
      value: { pageSize: 20, status: 'running' },
    });
  });

  it('refuses text that would convert lossily, and leaves what was sent untouched', () => {
    for (const pageSize of ['2.5', '0x10', '1e1', ' 5', '', 'ten']) {
      const sent = { pageSize };
      expect(compile('querystring')(sent).error, pageSize).toBeDefined();
      expect(sent.pageSize).toBe(pageSize);
    }
  });

  it('checks the body exactly as sent, without conversion', () => {
    expect(compile('body')({ pageSize: '20' }).error).toBeDefined();
    expect(compile('body')({ pageSize: 20 })).toEqual({ value: { pageSize: 20 } });
  });
});
