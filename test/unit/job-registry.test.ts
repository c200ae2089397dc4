import { describe, expect, it } from 'vitest';
import { jobRegistry } from '../../jobs';

describe('jobRegistry.checkParams', () => {
  it('fills defaults', () => {
    expect(jobRegistry.checkParams('OperationExampleJob', { type: 'progress' })).toEqual({
      ok: true,
      params: { type: 'progress', steps: 5, stepMs: 1000 },
    });
  });

  it('names each failing field', () => {
    const check = jobRegistry.checkParams('OperationExampleJob', { type: 'nope', steps: 0, extra: 1 });
    expect(check.ok).toBe(false);
    const paths = check.ok ? [] : check.errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['/params/type', '/params/steps']));
  });

  it('names a missing field by its own path', () => {
    expect(jobRegistry.checkParams('OperationExampleJob', {})).toEqual({
      ok: false,
      errors: [{ path: '/params/type', message: 'is required' }],
      errorCount: 1,
    });
  });

  it('lists the first 100 of 200,001 failing fields of a hostile body, and counts them all', () => {
    const check = jobRegistry.checkParams('ExportProductsJob', {
      productIds: Array.from({ length: 200_000 }, () => 'x'),
    });
    expect(check).toMatchObject({ ok: false, errorCount: 200_001 });
    expect(check.ok ? [] : check.errors).toHaveLength(100);
  });

  it('refuses an unknown job', () => {
    expect(jobRegistry.checkParams('NoSuchJob', {})).toMatchObject({ ok: false, errors: [{ path: '/job' }] });
  });

  it('bounds ExportProductsJob to 1..10,000 integer ids', () => {
    expect(jobRegistry.checkParams('ExportProductsJob', { productIds: [] }).ok).toBe(false);
    expect(jobRegistry.checkParams('ExportProductsJob', { productIds: [1.5] }).ok).toBe(false);
    expect(jobRegistry.checkParams('ExportProductsJob', { productIds: Array(10_001).fill(1) }).ok).toBe(false);
    expect(jobRegistry.checkParams('ExportProductsJob', { productIds: [1, 2, 3] }).ok).toBe(true);
  });

  it('lists every job with its run options', () => {
    expect(jobRegistry.list().map((job) => job.name)).toEqual(['OperationExampleJob', 'ExportProductsJob']);
    expect(jobRegistry.get('OperationExampleJob')?.run).toEqual({
      timeoutMs: 3_600_000,
      maximumAttempts: 5,
      retryJobErrors: false,
    });
  });
});
