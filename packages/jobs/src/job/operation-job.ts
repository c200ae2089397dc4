import { Type, type TSchema } from 'typebox';
import { checkedAction } from './action-link';
import type { InputFile, OutputFileOptions, OutputFileSource } from './job-files';
import { checkPercentage } from './job-progress';
import { operationContextOf, type OperationContext } from './operation-context';
import { approvalQuestion, checkedQuestion, type ApprovalOptions, type InputQuestion } from './job-questions';

/** How a job class describes itself to the registry. */
export interface JobClass<Params = unknown> {
  new (): OperationJob<Params>;
  readonly name: string;
  /** The params' schema (TypeBox), checked before an operation starts. */
  readonly params: TSchema;
  /** One line shown in `GET /v1/jobs`. */
  readonly description?: string;
  /** The longest one attempt may run, in ms. @default 3_600_000 */
  readonly timeoutMs?: number;
  /** Attempts for infrastructure faults. @default 5 */
  readonly maximumAttempts?: number;
  /** Retry errors the job throws, not only infrastructure faults. @default false */
  readonly retryJobErrors?: boolean;
}

const neverAborted = new AbortController().signal;

/**
 * Base class of every job. A job runs as an operation (started through the API, watched
 * live) or as a plain class (`await new MyJob().perform(params)`), where every helper
 * does nothing and resolves to `false`.
 */
export abstract class OperationJob<Params = unknown> {
  static readonly params: TSchema = Type.Unknown();

  /** Does the job's work; throwing fails the operation with the error's message. */
  abstract perform(params: Params): Promise<unknown>;

  /** Whether this instance runs as an operation. */
  isOperation(): boolean {
    return this.context !== null;
  }

  /** Aborted when the operation is cancelled; never aborted outside an operation. */
  get signal(): AbortSignal {
    return this.context?.signal ?? neverAborted;
  }

  /** The state saved by `checkpoint` in an earlier attempt, or undefined. */
  get lastCheckpoint(): unknown {
    return this.context?.lastCheckpoint;
  }

  /** The uploaded input file, or null. */
  get operationInputFile(): InputFile | null {
    return this.context?.inputFile ?? null;
  }

  /** Sets the progress bar, 0 to 100; anything else throws. */
  async updateOperationPercentage(percentage: number): Promise<boolean> {
    return this.report(
      (c) => c.progress.setPercentage(percentage),
      () => checkPercentage(percentage),
    );
  }

  /** Appends a log line. */
  async addOperationLog(message: string): Promise<boolean> {
    return this.report((c) => c.progress.addLog(message));
  }

  /** Replaces the last log line, or line `index` (0 = oldest kept). */
  async replaceOperationLog(message: string, index?: number): Promise<boolean> {
    return this.report((c) => c.progress.replaceLog(message, index));
  }

  /** Removes every log line. */
  async clearOperationLogs(): Promise<boolean> {
    return this.report((c) => c.progress.clearLogs());
  }

  /** Sets the message shown when the operation completes. */
  async saveOperationOutputMessage(message: string): Promise<boolean> {
    return this.report((c) => c.progress.setMessage(message));
  }

  /**
   * Sets the button shown when the operation completes. `href` is a path on this site (`/…`) or an
   * http(s) URL; anything else (`//host`, backslashes, `javascript:`) throws a TypeError.
   */
  async saveOperationOutputAction(
    label: string,
    href: string,
    attributes: Record<string, string> = {},
  ): Promise<boolean> {
    const action = checkedAction(label, href, attributes);
    return this.report((c) => c.progress.setAction(action));
  }

  /** Uploads the file the user downloads when the operation completes. */
  async saveOperationOutputFile(source: OutputFileSource, options: OutputFileOptions = {}): Promise<boolean> {
    const context = this.context;
    if (!context) return false;
    await context.saveOutputFile(source, options);
    return true;
  }

  /** Saves state that a retried attempt reads back as `lastCheckpoint` (keep it small: it rides in heartbeats). */
  async checkpoint(state: unknown): Promise<boolean> {
    return this.report((c) => c.progress.setCheckpoint(state));
  }

  /**
   * Asks the person for input through a form generated from `schema` (a TypeBox or JSON Schema
   * object), and resolves with their answer, checked against it. The job's attempt ends while
   * the question is open (no worker slot is held, however long it waits); once answered, the
   * job runs again from its start, with `lastCheckpoint`, and this call resolves at once with
   * the answer. So: checkpoint the work done before asking, and ask the same questions in the
   * same order. An invalid question (a schema the form cannot render) throws a TypeError here.
   * Outside an operation it resolves with the `onTimeout` default answer, or throws without one.
   */
  async askOperationInput<Answer = Record<string, unknown>>(question: InputQuestion<Answer>): Promise<Answer> {
    const asked = checkedQuestion(question);
    const context = this.context;
    if (!context) {
      if (asked.onTimeout === 'fail') {
        throw new Error(
          `askOperationInput("${asked.title}") needs an operation to ask a person; outside one, give onTimeout a default answer`,
        );
      }
      return asked.onTimeout.answer as Answer;
    }
    return (await context.ask(asked)) as Answer;
  }

  /**
   * Asks the person to approve or reject; resolves true when approved. Outside an operation it
   * resolves with the `onTimeout` choice, or false (like every helper there) without one.
   */
  async askOperationApproval(title: string, options: ApprovalOptions = {}): Promise<boolean> {
    const asked = approvalQuestion(title, options);
    const context = this.context;
    if (!context)
      return asked.onTimeout === 'fail' ? false : (asked.onTimeout.answer as { approved: boolean }).approved;
    const answer = (await context.ask(asked)) as { approved?: unknown };
    return answer?.approved === true;
  }

  private get context(): OperationContext | null {
    return operationContextOf(this);
  }

  private async report(change: (context: OperationContext) => void, outside?: () => void): Promise<boolean> {
    const context = this.context;
    if (!context) {
      outside?.();
      return false;
    }
    change(context);
    return true;
  }
}
