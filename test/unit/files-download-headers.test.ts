import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../services/api/downloads/byte-range';
import { attachmentDisposition } from '../../services/api/downloads/content-disposition';

describe('attachmentDisposition', () => {
  it('keeps a plain ASCII name as is in both forms', () => {
    expect(attachmentDisposition('report 2024.csv')).toBe(
      `attachment; filename="report 2024.csv"; filename*=UTF-8''report%202024.csv`,
    );
  });

  it('gives non-ASCII names an ASCII fallback and the exact name in RFC 8187 form', () => {
    expect(attachmentDisposition('Résumé 日本.pdf')).toBe(
      `attachment; filename="Resume __.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.pdf`,
    );
    expect(attachmentDisposition('日本.pdf')).toBe(
      `attachment; filename="__.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf`,
    );
  });

  it('never lets quotes, backslashes, percent signs or control characters break the header', () => {
    const header = attachmentDisposition('a"b\\c%41\r\nSet-Cookie: x=1\u0000(1)*\'.txt');
    expect(header.includes('\r') || header.includes('\n') || header.includes('\u0000')).toBe(false);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toMatch(/^attachment; filename="[^"\\%]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('a"b\\c%41\r\nSet-Cookie: x=1\u0000(1)*\'.txt');
  });

  it('survives a lone surrogate', () => {
    expect(attachmentDisposition('a\uD800b')).toBe(`attachment; filename="a_b"; filename*=UTF-8''a%EF%BF%BDb`);
  });
});

describe('parseByteRange', () => {
  it('serves the whole file without a usable single range', () => {
    for (const header of [undefined, '', 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,3-4', 'bytes=5-2', 'bytes=a-b']) {
      expect(parseByteRange(header, 100), String(header)).toEqual({ kind: 'full' });
    }
  });

  it('reads first-last, first- and -suffix ranges, clamping to the end', () => {
    expect(parseByteRange('bytes=0-0', 100)).toEqual({ kind: 'partial', start: 0, end: 0 });
    expect(parseByteRange('bytes=10-19', 100)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(parseByteRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseByteRange('bytes=90-1000', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseByteRange('bytes=-1000', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('finds ranges past the end unsatisfiable', () => {
    expect(parseByteRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=100-200', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-5', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
