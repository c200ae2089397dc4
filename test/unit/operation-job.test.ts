import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { createRunJob } from '../../packages/jobs/src/activities/run-job';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import type { OperationFiles } from '../../packages/jobs/src/files/operation-files';
import { OperationExampleJob } from '../../jobs';
import type { JobProgress, OperationInput } from '../../packages/client/src/contract/definitions';
import { MAX_LOG_ENTRIES } from '../../packages/client/src/contract/definitions';

class HelpersJob extends OperationJob<{ fail?: boolean }> {
  static override readonly params = Type.Object({ fail: Type.Optional(Type.Boolean()) });
  results: boolean[] = [];
  async perform(params: { fail?: boolean }): Promise<void> {
    this.results.push(await this.updateOperationPercentage(10));
    this.results.push(await this.addOperationLog('Reading products'));
    this.results.push(await this.replaceOperationLog('Read 3 products'));
    this.results.push(await this.addOperationLog('second'));
    this.results.push(await this.clearOperationLogs());
    this.results.push(await this.addOperationLog('after clear'));
    this.results.push(await this.saveOperationOutputMessage('Exported 3 products'));
    this.results.push(await this.saveOperationOutputAction('Open the list', '/products', { target: '_blank' }));
    this.results.push(await this.checkpoint({ done: 3 }));
    if (params.fail) throw new Error('boom');
  }
}

class CheckpointJob extends OperationJob<Record<string, never>> {
  static override readonly params = Type.Object({});
  static seen: unknown;
  async perform(): Promise<void> {
    CheckpointJob.seen = this.lastCheckpoint;
  }
}

// These jobs save no file; the sweep of stale outputs at the end finds none.
const files = { removeStaleOutputs: async () => 0 } as unknown as OperationFiles;
const registry = new JobRegistry([HelpersJob, CheckpointJob, OperationExampleJob]);

function operation(job: string, params: unknown): OperationInput {
  return {
    id: 'op_01J00000000000000000000000',
    job,
    params,
    userId: 'alice',
    inputFile: null,
    createdAt: new Date().toISOString(),
    run: registry.get(job)!.run,
  };
}

function heartbeatsOf(env: MockActivityEnvironment): JobProgress[] {
  const beats: JobProgress[] = [];
  env.on('heartbeat', (details: JobProgress) => beats.push(details));
  return beats;
}

describe('OperationJob helpers outside an operation', () => {
  it('do nothing and return false', async () => {
    const job = new HelpersJob();
    await job.perform({});
    expect(job.results).toEqual(Array(9).fill(false));
    expect(job.isOperation()).toBe(false);
    expect(job.operationInputFile).toBeNull();
    expect(job.signal.aborted).toBe(false);
  });

  it('still refuse a percentage out of range', async () => {
    const job = new HelpersJob();
    for (const bad of [-1, 101, Number.NaN, Infinity]) {
      await expect(job.updateOperationPercentage(bad)).rejects.toThrow(RangeError);
    }
  });
});

describe('runJob', () => {
  it('reports every helper through heartbeats and returns the whole record', async () => {
    const env = new MockActivityEnvironment();
    const beats = heartbeatsOf(env);
    const result: JobProgress = await env.run(createRunJob({ jobs: registry, files }), operation('HelpersJob', {}));
    expect(result).toMatchObject({
      percentage: 10,
      logs: [{ message: 'after clear' }],
      output: {
        message: 'Exported 3 products',
        action: { label: 'Open the list', href: '/products', attributes: { target: '_blank' } },
      },
    });
    expect(result).not.toHaveProperty('checkpoint');
    expect(beats.some((beat) => beat.logs.some((log) => log.message === 'Read 3 products'))).toBe(true);
    expect(beats.at(-1)?.checkpoint).toEqual({ done: 3 });
  });

  it('fails with the job error and keeps the progress in the failure details', async () => {
    const env = new MockActivityEnvironment();
    const failure = (await env
      .run(createRunJob({ jobs: registry, files }), operation('HelpersJob', { fail: true }))
      .catch((e: unknown) => e)) as ApplicationFailure;
    expect(failure).toMatchObject({ message: 'boom', type: 'JobError', nonRetryable: true });
    expect((failure.details?.[0] as JobProgress).output.message).toBe('Exported 3 products');
  });

  it('hands the last checkpoint to a retried attempt', async () => {
    const env = new MockActivityEnvironment({
      attempt: 2,
      heartbeatDetails: {
        percentage: 40,
        logs: [],
        output: { message: null, file: null, action: null },
        checkpoint: { row: 7 },
      },
    });
    const result: JobProgress = await env.run(createRunJob({ jobs: registry, files }), operation('CheckpointJob', {}));
    expect(result.percentage).toBe(40);
    expect(CheckpointJob.seen).toEqual({ row: 7 });
  });

  it('reports a cancellation with the progress so far', async () => {
    const env = new MockActivityEnvironment();
    const running = env.run(
      createRunJob({ jobs: registry, files }),
      operation('OperationExampleJob', { type: 'cancellable', steps: 100, stepMs: 20 }),
    );
    setTimeout(() => env.cancel(), 150);
    const failure = await running.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CancelledFailure);
    expect((failure as CancelledFailure).details[0]).toMatchObject({ logs: expect.any(Array) });
  });

  it('bounds the log', async () => {
    class ChattyJob extends OperationJob<Record<string, never>> {
      static override readonly params = Type.Object({});
      async perform(): Promise<void> {
        for (let i = 0; i < MAX_LOG_ENTRIES + 50; i++) await this.addOperationLog(`line ${i} ${'x'.repeat(5000)}`);
      }
    }
    const env = new MockActivityEnvironment();
    const result: JobProgress = await env.run(createRunJob({ jobs: new JobRegistry([ChattyJob]), files }), {
      ...operation('HelpersJob', {}),
      job: 'ChattyJob',
    });
    expect(result.logs).toHaveLength(MAX_LOG_ENTRIES);
    expect(result.logs[0]?.message.startsWith('line 50 ')).toBe(true);
    expect(JSON.stringify(result).length).toBeLessThan(512 * 1024);
  });
});
