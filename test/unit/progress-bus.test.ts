import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../services/shared/progress-bus/progress-coalescer';
import {
  encodeProgressMessage,
  MAX_PROGRESS_MESSAGE_BYTES,
  parseProgressMessage,
} from '../../services/shared/progress-bus/progress-message';
import { judgeMessage } from '../../services/shared/progress-bus/progress-order';
import { namespaceProgressSubjects, progressSubject } from '../../services/shared/progress-bus/progress-subject';
import type { JobProgress } from '@temporal-operations/client';

const progress: JobProgress = {
  startedAt: '2026-01-02T03:04:05.000Z',
  percentage: 40,
  logs: [{ at: '2026-01-02T03:04:06.000Z', message: 'Step 2 of 5' }],
  output: { message: null, file: null, action: null },
  checkpoint: { secret: 'resume here' },
};
const head = { namespace: 'default', operationId: 'op_1', attempt: 1, seq: 3, prev: 2 };
const expected = { namespace: 'default', operationId: 'op_1' };

describe('progressSubject', () => {
  it('is operations.<namespace>.<operationId>.progress with each part one token', () => {
    expect(progressSubject('default', 'op_01J')).toBe('operations.default.op_01J.progress');
    expect(progressSubject('payments.a1b2c', 'op_1')).toBe('operations.payments%2Ea1b2c.op_1.progress');
    expect(progressSubject('a*b>c d', 'op_1').split('.')).toHaveLength(4);
    expect(namespaceProgressSubjects('default')).toBe('operations.default.*.progress');
  });
});

describe('progress messages', () => {
  it('round-trip without the checkpoint', () => {
    const message = parseProgressMessage(encodeProgressMessage(head, progress), expected);
    expect(message).toMatchObject({ v: 1, ...head, progress: { percentage: 40, logs: progress.logs } });
    expect(JSON.stringify(message)).not.toContain('resume here');
  });

  it('rejects malformed, oversized and foreign messages', () => {
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const good = JSON.parse(new TextDecoder().decode(encodeProgressMessage(head, progress))) as Record<string, unknown>;
    expect(parseProgressMessage(new TextEncoder().encode('{not json'), expected)).toEqual({ rejected: 'malformed' });
    expect(parseProgressMessage(new Uint8Array([0xff, 0xfe]), expected)).toEqual({ rejected: 'malformed' });
    expect(parseProgressMessage(bytes({ ...good, seq: 'three' }), expected)).toEqual({ rejected: 'malformed' });
    expect(parseProgressMessage(bytes({ ...good, progress: { ...progress, percentage: 101 } }), expected)).toEqual({
      rejected: 'malformed',
    });
    expect(parseProgressMessage(bytes({ ...good, v: 2 }), expected)).toEqual({ rejected: 'malformed' });
    expect(parseProgressMessage(new Uint8Array(MAX_PROGRESS_MESSAGE_BYTES + 1), expected)).toEqual({
      rejected: 'oversized',
    });
    expect(parseProgressMessage(bytes({ ...good, namespace: 'other' }), expected)).toEqual({ rejected: 'foreign' });
    expect(parseProgressMessage(bytes({ ...good, operationId: 'op_2' }), expected)).toEqual({ rejected: 'foreign' });
  });
});

describe('judgeMessage', () => {
  it('takes the next message, ignores older ones and duplicates, and flags a gap', () => {
    expect(judgeMessage(null, { attempt: 1, seq: 1, prev: 0 })).toBe('next');
    expect(judgeMessage(null, { attempt: 1, seq: 9, prev: 4 })).toBe('gap');
    expect(judgeMessage({ attempt: 1, seq: 4 }, { attempt: 1, seq: 9, prev: 4 })).toBe('next');
    expect(judgeMessage({ attempt: 1, seq: 4 }, { attempt: 1, seq: 9, prev: 6 })).toBe('gap');
    // The heartbeat copy was newer than the message before this one: nothing was lost.
    expect(judgeMessage({ attempt: 1, seq: 7 }, { attempt: 1, seq: 9, prev: 5 })).toBe('next');
    expect(judgeMessage({ attempt: 1, seq: 9 }, { attempt: 1, seq: 9, prev: 5 })).toBe('stale');
    expect(judgeMessage({ attempt: 1, seq: 9 }, { attempt: 1, seq: 8, prev: 5 })).toBe('stale');
    expect(judgeMessage({ attempt: 2, seq: 1 }, { attempt: 1, seq: 50, prev: 49 })).toBe('stale');
    expect(judgeMessage({ attempt: 1, seq: 50 }, { attempt: 2, seq: 1, prev: 0 })).toBe('next');
    expect(judgeMessage({ attempt: 1, seq: 50 }, { attempt: 2, seq: 3, prev: 2 })).toBe('gap');
  });
});

describe('Coalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes the first change at once and folds the rest of the window into one flush', () => {
    const flushed: string[] = [];
    const coalescer = new Coalescer<string>((key) => flushed.push(key), 5);
    coalescer.changed('a');
    expect(flushed).toEqual(['a']);
    for (let i = 0; i < 10_000; i++) coalescer.changed('a');
    coalescer.changed('b');
    expect(flushed).toEqual(['a', 'b']);
    vi.advanceTimersByTime(5);
    expect(flushed).toEqual(['a', 'b', 'a']);
    vi.advanceTimersByTime(5);
    // Quiet for a window: forgotten, and the next change goes at once again.
    expect(coalescer.size).toBe(0);
    coalescer.changed('a');
    expect(flushed).toEqual(['a', 'b', 'a', 'a']);
  });

  it('publishes at most one message per window however often a job reports', () => {
    let flushes = 0;
    const coalescer = new Coalescer<string>(() => flushes++, 5);
    // 10,000 reports a second for one second.
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 10; i++) coalescer.changed('job');
      vi.advanceTimersByTime(1);
    }
    expect(flushes).toBeLessThanOrEqual(201);
    expect(flushes).toBeGreaterThanOrEqual(190);
  });

  it('flushes a pending change when the attempt ends, and nothing after', () => {
    const flushed: string[] = [];
    const coalescer = new Coalescer<string>((key) => flushed.push(key), 5);
    coalescer.changed('a');
    coalescer.changed('a');
    coalescer.end('a');
    expect(flushed).toEqual(['a', 'a']);
    vi.advanceTimersByTime(20);
    expect(flushed).toEqual(['a', 'a']);
    coalescer.end('never-seen');
  });
});
