import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runWithinBounds } from '../../packages/jobs/src/activities/attempt-bounds';
import { attemptOfOutputKey, outputFileKey } from '../../packages/jobs/src/files/operation-files';
import { thrownMessage } from '../../packages/jobs/src/job/thrown-message';

const never = () => new Promise<never>(() => {});
const open = () => new AbortController();

describe('runWithinBounds', () => {
  it('reports what the job did when it settles first', async () => {
    const bounds = { cancellation: open().signal, graceMs: 1000, timeoutMs: 1000 };
    expect(await runWithinBounds(async () => 'done', bounds)).toEqual({ kind: 'returned' });
    const error = new Error('boom');
    expect(await runWithinBounds(() => Promise.reject(error), bounds)).toEqual({ kind: 'threw', error });
  });

  it('gives up on a job past its timeout', async () => {
    expect(await runWithinBounds(never, { cancellation: open().signal, graceMs: 1000, timeoutMs: 20 })).toEqual({
      kind: 'timed-out',
    });
  });

  it('waits the grace period after a cancellation, then abandons a job that did not stop', async () => {
    const controller = open();
    const ended = runWithinBounds(never, { cancellation: controller.signal, graceMs: 30, timeoutMs: 60_000 });
    await sleep(10);
    controller.abort();
    expect(await ended).toEqual({ kind: 'abandoned' });
  });

  it('lets a cancelled job that stops within the grace period report for itself', async () => {
    const controller = open();
    const job = () =>
      new Promise<void>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('stopped'))));
    const ended = runWithinBounds(job, { cancellation: controller.signal, graceMs: 5000, timeoutMs: 60_000 });
    controller.abort();
    expect(await ended).toMatchObject({ kind: 'threw', error: { message: 'stopped' } });
  });
});

describe('thrownMessage', () => {
  it('reads anything a job may throw', () => {
    expect(thrownMessage(new Error('disk full'))).toBe('disk full');
    expect(thrownMessage(new TypeError())).toBe('The job threw TypeError with no message');
    expect(thrownMessage('disk full')).toBe('disk full');
    expect(thrownMessage('')).toBe('The job threw an empty string');
    expect(thrownMessage(undefined)).toBe('The job failed without an error (it threw undefined)');
    expect(thrownMessage(null)).toBe('The job failed without an error (it threw null)');
    expect(thrownMessage({ message: 'from a library' })).toBe('from a library');
    expect(thrownMessage({ code: 42 })).toBe('The job threw { code: 42 }');
    expect(thrownMessage(42)).toBe('The job threw 42');
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    expect(thrownMessage(circular)).toBe("The job threw <ref *1> { name: 'loop', self: [Circular *1] }");
  });
});

describe('output file keys', () => {
  it('carry the attempt that wrote them', () => {
    const key = outputFileKey('op_01J00000000000000000000000', 3);
    expect(key).toMatch(/^operations\/op_01J00000000000000000000000\/output\/3-[0-9a-f-]{36}$/);
    expect(attemptOfOutputKey(key)).toBe(3);
    expect(attemptOfOutputKey('operations/op_01J00000000000000000000000/input/abc')).toBeUndefined();
  });
});
