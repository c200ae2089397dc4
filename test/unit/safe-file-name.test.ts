import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../packages/jobs/src/job/safe-file-name';

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['a\u0000b.txt', 'a_b.txt'],
    ['line\nbreak.csv', 'line_break.csv'],
    ['say "hi".txt', 'say _hi_.txt'],
    ['..', 'file'],
    ['', 'file'],
    ['.hidden', '_hidden'],
    ['résumé.pdf', 'résumé.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });
});
