import type { AskedQuestion, OperationInput } from '@temporal-operations/client';
import type { JobProgressState } from './job-progress';
import type { InputFile, OutputFileSource, OutputFileOptions } from './job-files';

/** What a job reaches when it runs as an operation; absent when it runs as a plain class. */
export interface OperationContext {
  operation: OperationInput;
  progress: JobProgressState;
  /** Aborted when the operation is cancelled or the attempt times out. */
  signal: AbortSignal;
  /** The checkpoint saved by an earlier attempt, or undefined. */
  lastCheckpoint: unknown;
  inputFile: InputFile | null;
  /** Resolves with the answer given in an earlier run, or ends this attempt with the question. */
  ask(question: AskedQuestion): Promise<unknown>;
  saveOutputFile(source: OutputFileSource, options: OutputFileOptions): Promise<void>;
}

const contexts = new WeakMap<object, OperationContext>();

/** Binds a job instance to the operation it runs for (used by the job activity only). */
export function bindOperationContext(job: object, context: OperationContext): void {
  contexts.set(job, context);
}

/** The operation a job instance runs for, or null outside an operation. */
export function operationContextOf(job: object): OperationContext | null {
  return contexts.get(job) ?? null;
}
