import { ApplicationFailure, CancelledFailure, Context, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  MAX_ERROR_MESSAGE_CHARS,
  MAX_QUESTIONS,
  truncateText,
  type AskedQuestion,
  type JobProgress,
  type JobResult,
  type JobResume,
  type OperationInput,
} from '@temporal-operations/client';
import { AttemptFence } from './attempt-fence';
import { runWithinBounds, type AttemptEnd } from './attempt-bounds';
import { noJobMetrics, type JobMetrics, type JobOutcome } from './job-metrics';
import type { JobRegistry, RegisteredJob } from '../job/job-registry';
import { emptyProgress, JobProgressState } from '../job/job-progress';
import { bindOperationContext } from '../job/operation-context';
import { ObjectStoreError } from '../files/object-store-error';
import { isOperationFile, type OperationFiles } from '../files/operation-files';
import { thrownMessage } from '../job/thrown-message';

/** Failure type of an error the job threw; the workflow reads it as the operation's error. */
export const JOB_ERROR_TYPE = 'JobError';

/** Failure type of a job that ran past its `timeoutMs`. */
export const JOB_TIMEOUT_TYPE = 'JobTimeout';

/** Failure type of an operation whose job this worker does not have. */
export const UNKNOWN_JOB_TYPE = 'UnknownJob';

/**
 * How often a quiet job still heartbeats, so cancellation and a lost worker are noticed. Each
 * heartbeat is a write to Temporal's persistence: 3 s keeps 1,000 idle jobs cheap, while
 * cancelling a quiet job still takes effect within about 3 s (a job that reports progress
 * hears of it with its next report).
 */
const KEEP_ALIVE_MS = 3000;

/** How long a cancelled job may take to stop; then the cancellation is reported without it. */
export const CANCEL_GRACE_MS = 5000;

/**
 * Receives a running job's visible changes as they happen (the service's progress-bus
 * publisher). `read` answers the progress at the time it is called, so a sink that coalesces
 * reads it once per publication. Must neither throw nor wait.
 */
export interface ProgressSink {
  changed(operationId: string, attempt: number, read: () => { seq: number; progress: JobProgress }): void;
  ended(operationId: string, attempt: number): void;
}

export interface RunJobDependencies {
  jobs: JobRegistry;
  files: OperationFiles;
  metrics?: JobMetrics;
  /** Asks Temporal whether an attempt saving a file still counts; without it only the attempt's own end fences it. */
  client?: Client;
  /** Where visible changes also go at once (checkpoints excluded); heartbeats carry them at the throttle either way. */
  progressSink?: ProgressSink;
}

/**
 * Runs one attempt of an operation's job. Progress travels in heartbeat details (no history
 * event per call); the result is the complete record. A retried attempt resumes from the
 * last heartbeat: logs, percentage and checkpoint carry over.
 */
export function createRunJob({ jobs, files, metrics = noJobMetrics, client, progressSink }: RunJobDependencies) {
  return async function runJob(operation: OperationInput, resume?: JobResume): Promise<JobResult> {
    const context = Context.current();
    const registered = jobs.get(operation.job);
    if (!registered) {
      throw ApplicationFailure.nonRetryable(
        `This worker has no job named ${JSON.stringify(operation.job)} (it is not in the worker's job registry)`,
        UNKNOWN_JOB_TYPE,
      );
    }
    if (operation.inputFile && !isOperationFile(operation.inputFile, operation.id)) {
      throw ApplicationFailure.nonRetryable(
        'The input file of this operation is stored under another operation; it is not read',
        'ForeignInputFile',
      );
    }
    // A resumed run's attempts count on from the earlier runs', so file keys keep their order.
    const attempt = (resume?.attemptsBefore ?? 0) + context.info.attempt;
    const fence = new AttemptFence(context.info, client);
    // The job's own signal also fires when its attempt is over (timed out, or reported without it).
    const over = new AbortController();
    // This run's own last heartbeat (a retry) is newer than what it resumed from.
    const previous = (context.info.heartbeatDetails as JobProgress | undefined) ?? resume?.progress;
    const asking = askingState(resume?.answers ?? []);
    // The bus numbers changes per attempt; a resumed run's attempts count on, so it never goes back.
    const progress: JobProgressState = new JobProgressState(
      (details) => {
        if (!fence.ended) context.heartbeat(details);
      },
      previous ?? emptyProgress(),
      {
        attempt,
        visible: () => {
          if (!fence.ended) progressSink?.changed(operation.id, attempt, () => progress.visibleProgress());
        },
      },
    );
    const job = registered.create();
    bindOperationContext(job, {
      operation,
      progress,
      signal: AbortSignal.any([context.cancellationSignal, over.signal]),
      lastCheckpoint: previous?.checkpoint,
      ask: asking.ask,
      inputFile: operation.inputFile ? files.openInput(operation.inputFile) : null,
      saveOutputFile: async (source, options) => {
        if (fence.ended) throw fence.supersededError();
        const file = await files.saveOutput(operation.id, attempt, source, options);
        // Checked after the upload: a superseded attempt removes its own file, even one written
        // after the retry finished; a file written before that the retry's sweep removes.
        if (!(await fence.isCurrent())) {
          await files
            .remove(file.key)
            .catch((error: unknown) => log.warn('Could not remove a discarded file', { error }));
          throw fence.supersededError();
        }
        progress.setFile(file);
      },
    });

    context.heartbeat(progress.snapshot());
    const keepAlive = setInterval(() => context.heartbeat(progress.snapshot()), KEEP_ALIVE_MS);
    const began = performance.now();
    let outcome: JobOutcome = 'retrying';
    try {
      const end = await runWithinBounds(() => job.perform(operation.params), {
        cancellation: context.cancellationSignal,
        graceMs: CANCEL_GRACE_MS,
        timeoutMs: reportBefore(operation.run.timeoutMs),
        interrupted: asking.asked.then((): AttemptEnd => ({ kind: 'asked' })),
      });
      if (end.kind === 'asked') {
        // The run ends here and frees its worker slot; the workflow waits for the answer.
        outcome = 'asked';
        return { ...progress.snapshot(), asked: { question: asking.question()! }, attempt: context.info.attempt };
      }
      const result = settle(end, context.cancellationSignal, registered, progress, operation);
      outcome = result.outcome;
      if (result.failure) throw result.failure;
      return { ...withoutCheckpoint(progress.snapshot()), attempt: context.info.attempt };
    } finally {
      // The last change goes out before the result: a watcher sees it before the final record.
      progressSink?.ended(operation.id, attempt);
      fence.end();
      over.abort(new Error('The attempt is over'));
      clearInterval(keepAlive);
      metrics.attemptFinished(operation.job, outcome, (performance.now() - began) / 1000);
      if (outcome !== 'retrying') await removeStaleOutputs(files, operation.id, attempt, progress);
    }
  };
}

/**
 * The job's questions in this run: those answered before return their answer at once (the job
 * runs again from its start and checkpoint); the first new one ends the attempt.
 */
function askingState(answers: readonly unknown[]) {
  let asks = 0;
  let open: AskedQuestion | undefined;
  let markAsked!: () => void;
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  return {
    asked,
    question: () => open,
    ask(question: AskedQuestion): Promise<unknown> {
      const index = asks++;
      if (index < answers.length) return Promise.resolve(structuredClone(answers[index]));
      if (index >= MAX_QUESTIONS) {
        // Each answer rides in every later run's input: the count is bounded.
        return Promise.reject(new RangeError(`A job may ask at most ${MAX_QUESTIONS} questions per operation`));
      }
      if (!open) {
        open = question;
        markAsked();
      }
      // Never settles: the attempt is over, and nothing the job does after this counts.
      return new Promise<never>(() => {});
    },
  };
}

/** The attempt's outcome and, unless it completed, what the activity throws. */
function settle(
  end: Exclude<AttemptEnd, { kind: 'asked' }>,
  cancellation: AbortSignal,
  registered: RegisteredJob,
  progress: JobProgressState,
  operation: OperationInput,
): { outcome: JobOutcome; failure?: unknown } {
  if (end.kind === 'returned') return { outcome: 'completed' };
  if (end.kind === 'timed-out') {
    const message = `The job timed out after ${seconds(operation.run.timeoutMs)} (its timeoutMs)`;
    log.info('Job timed out', { operationId: operation.id, job: operation.job });
    const details = [withoutCheckpoint(progress.snapshot())];
    return {
      outcome: 'failed',
      failure: ApplicationFailure.create({ message, type: JOB_TIMEOUT_TYPE, nonRetryable: true, details }),
    };
  }
  // A cancelled job may throw anything (an AbortError, its own error) or nothing: report the cancellation.
  if (end.kind === 'abandoned' || cancellation.aborted) {
    if (end.kind === 'abandoned') {
      log.warn('Job ignored its cancellation; its attempt ends without it', { operationId: operation.id });
    }
    const outcome = isCancelRequest(cancellation.reason) ? 'canceled' : 'retrying';
    return { outcome, failure: cancellationWithProgress(cancellation.reason, progress) };
  }
  const { error } = end;
  if (error instanceof ObjectStoreError) {
    // The operation shows only that the store is unavailable; where and why is for the operator.
    log.warn('The object store failed; the attempt is retried', {
      operationId: operation.id,
      error: error.message,
      cause: causeChain(error.cause),
    });
    return { outcome: 'retrying', failure: error };
  }
  const retried = registered.run.retryJobErrors;
  const message = truncateText(thrownMessage(error), MAX_ERROR_MESSAGE_CHARS);
  log.info('Job failed', { operationId: operation.id, job: operation.job, message });
  const failure = ApplicationFailure.create({
    message,
    type: JOB_ERROR_TYPE,
    nonRetryable: !retried,
    details: [withoutCheckpoint(progress.snapshot())],
  });
  return { outcome: retried ? 'retrying' : 'failed', failure };
}

/**
 * The activity's own deadline, a little before Temporal's start-to-close timeout (the same
 * `timeoutMs`): the attempt then fails once with a clear message instead of being timed out
 * by the server and retried.
 */
function reportBefore(timeoutMs: number): number {
  return Math.max(1, timeoutMs - Math.min(2000, timeoutMs / 10));
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The record's file is the one its final attempt kept; files of earlier attempts (and files
 * this attempt replaced) are removed here. A superseded attempt's file written later is
 * removed by that attempt itself (see saveOutputFile). A failure is left to the cleanup.
 */
async function removeStaleOutputs(
  files: OperationFiles,
  operationId: string,
  attempt: number,
  progress: JobProgressState,
): Promise<void> {
  try {
    await files.removeStaleOutputs(operationId, attempt, progress.snapshot().output.file?.key);
  } catch (error) {
    log.warn('Could not remove stale output files', { operationId, error });
  }
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

/** What the record keeps of the progress: neither the checkpoint nor the bus position. */
function withoutCheckpoint(progress: JobProgress): JobProgress {
  const { checkpoint: _checkpoint, sequence: _sequence, ...rest } = progress;
  return rest;
}

/** The messages of an error and its causes, outermost first: the operator's view of a store fault. */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error && messages.length < 5; current = current.cause) {
    messages.push(current.message);
  }
  return messages.join(' <- ');
}
