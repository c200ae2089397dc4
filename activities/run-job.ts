import { ApplicationFailure, CancelledFailure, Context, log } from '@temporalio/activity';
import {
  MAX_ERROR_MESSAGE_CHARS,
  truncateText,
  type JobProgress,
  type JobResult,
  type OperationInput,
} from '../workflows/definitions';
import { noJobMetrics, type JobMetrics, type JobOutcome } from './job-metrics';
import type { JobRegistry } from './job-registry';
import { emptyProgress, JobProgressState } from './job-progress';
import { bindOperationContext } from './operation-context';
import { ObjectStoreError, type OperationFiles } from './operation-files';

/** Failure type of an error the job threw; the workflow reads it as the operation's error. */
export const JOB_ERROR_TYPE = 'JobError';

/**
 * How often a quiet job still heartbeats, so cancellation and a lost worker are noticed. Each
 * heartbeat is a write to Temporal's persistence: 3 s keeps 1,000 idle jobs cheap, while
 * cancelling a quiet job still takes effect within about 3 s (a job that reports progress
 * hears of it with its next report).
 */
const KEEP_ALIVE_MS = 3000;

export interface RunJobDependencies {
  jobs: JobRegistry;
  files: OperationFiles;
  metrics?: JobMetrics;
}

/**
 * Runs one attempt of an operation's job. Progress travels in heartbeat details (no history
 * event per call); the result is the complete record. A retried attempt resumes from the
 * last heartbeat: logs, percentage and checkpoint carry over.
 */
export function createRunJob({ jobs, files, metrics = noJobMetrics }: RunJobDependencies) {
  return async function runJob(operation: OperationInput): Promise<JobResult> {
    const context = Context.current();
    const registered = jobs.get(operation.job);
    if (!registered) throw ApplicationFailure.nonRetryable(`Unknown job ${operation.job}`, 'UnknownJob');

    const previous = context.info.heartbeatDetails as JobProgress | undefined;
    const progress = new JobProgressState((details) => context.heartbeat(details), previous ?? emptyProgress());
    const job = registered.create();
    bindOperationContext(job, {
      operation,
      progress,
      signal: context.cancellationSignal,
      lastCheckpoint: previous?.checkpoint,
      inputFile: operation.inputFile ? files.openInput(operation.inputFile) : null,
      saveOutputFile: async (source, options) =>
        progress.setFile(await files.saveOutput(operation.id, source, options)),
    });

    context.heartbeat(progress.snapshot());
    const keepAlive = setInterval(() => context.heartbeat(progress.snapshot()), KEEP_ALIVE_MS);
    const began = performance.now();
    let outcome: JobOutcome = 'completed';
    try {
      await job.perform(operation.params);
      return withoutCheckpoint(progress.snapshot());
    } catch (error) {
      // A cancelled job may throw anything (an AbortError, its own error): report the cancellation.
      if (context.cancellationSignal.aborted) {
        outcome = isCancelRequest(context.cancellationSignal.reason) ? 'canceled' : 'retrying';
        throw cancellationWithProgress(context.cancellationSignal.reason, progress);
      }
      const retried = error instanceof ObjectStoreError || registered.run.retryJobErrors;
      outcome = retried ? 'retrying' : 'failed';
      if (error instanceof ObjectStoreError) throw error;
      const message = truncateText(error instanceof Error ? error.message : String(error), MAX_ERROR_MESSAGE_CHARS);
      log.info('Job failed', { operationId: operation.id, job: operation.job, message });
      throw ApplicationFailure.create({
        message,
        type: JOB_ERROR_TYPE,
        nonRetryable: !registered.run.retryJobErrors,
        details: [withoutCheckpoint(progress.snapshot())],
      });
    } finally {
      clearInterval(keepAlive);
      metrics.attemptFinished(operation.job, outcome, (performance.now() - began) / 1000);
    }
  };
}

/** Whether the activity was cancelled because the operation was (not a timeout or a worker shutdown). */
function isCancelRequest(reason: unknown): boolean {
  return reason instanceof CancelledFailure && reason.message === 'CANCELLED';
}

/** The cancellation, carrying the last progress so the canceled record keeps its logs. */
function cancellationWithProgress(reason: unknown, progress: JobProgressState): unknown {
  if (!(reason instanceof CancelledFailure)) return reason;
  return new CancelledFailure(reason.message, [withoutCheckpoint(progress.snapshot())]);
}

function withoutCheckpoint(progress: JobProgress): JobProgress {
  const { checkpoint: _checkpoint, ...rest } = progress;
  return rest;
}
