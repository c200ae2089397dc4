import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  answerQuestionSignal,
  appendTimeline,
  FINISHED_STATUSES,
  getOperationQuery,
  MAX_ERROR_MESSAGE_CHARS,
  QUESTION_MEMO_KEY,
  truncateText,
  operationStatusSearchAttribute,
  type JobAsked,
  type JobProgress,
  type JobResult,
  type JobResume,
  type OperationActivities,
  type OperationInput,
  type OperationQuestion,
  type OperationRecord,
  type OperationStatus,
  type QuestionAnswer,
  type TimelineEntry,
  type TimelineType,
  type WebhookActivities,
  type WebhookEvent,
  initialOperationRecord,
  OPERATION_FAILED_TYPE,
} from '@temporal-operations/client/contract';

/** The patch that added the webhook delivery after the final record; histories before it replay without. */
export const WEBHOOK_PATCH = 'webhook-delivery';

/**
 * The patch that asks the worker first (a local activity, no task round trip) and skips the
 * delivery when it has no endpoint for the job: the workflow then closes with its final record.
 */
export const WEBHOOK_SKIP_PATCH = 'webhook-skip-without-endpoints';

/**
 * The webhook is retried with backoff for about 2.5 hours (1 s doubling up to every 10 min):
 * a receiver down that long still gets it. The last attempt reports its failure as a result,
 * so the record tells why it failed.
 */
export const WEBHOOK_MAX_ATTEMPTS = 24;

const { deliverWebhook } = proxyActivities<WebhookActivities>({
  // One attempt calls each endpoint once, 10 s at most each; a lost worker shows in 15 s.
  startToCloseTimeout: '2m',
  heartbeatTimeout: '15s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    maximumAttempts: WEBHOOK_MAX_ATTEMPTS,
  },
});

const { hasWebhookEndpoints } = proxyLocalActivities<WebhookActivities>({
  startToCloseTimeout: '10s',
  // On a failure the delivery activity runs as before the patch; it checks the endpoints itself.
  retry: { maximumAttempts: 3 },
});

/** A worker lost mid-job is noticed after this long without a heartbeat; the job then retries elsewhere. */
const HEARTBEAT_TIMEOUT = '10s';

/** Failure type of an operation whose question was not answered in time (and had no default answer). */
export const QUESTION_EXPIRED_TYPE = 'QuestionExpired';

/**
 * One operation: runs its job as an activity and keeps the operation's record. Progress and
 * logs travel in heartbeat details and are merged in by readers; this workflow records only
 * state changes, so a job's history stays a few events long however often it reports.
 *
 * A job that asks the person something ends its activity with the question and its checkpoint;
 * the workflow then waits for the answer signal with no activity running (no worker slot held),
 * and runs the job again from its checkpoint with the answers so far.
 */
export async function operationWorkflow(input: OperationInput): Promise<OperationRecord> {
  const record = initialOperationRecord(input);
  const timeline = record.timeline!;
  const note = (type: TimelineType, extra: Partial<(typeof timeline)[number]> = {}) =>
    appendTimeline(timeline, { at: new Date().toISOString(), type, ...extra });
  setHandler(getOperationQuery, () => record);

  let received: QuestionAnswer | undefined;
  setHandler(answerQuestionSignal, (answer) => {
    // Only the first answer to the open question counts: a repeat or a late one changes nothing.
    if (record.question && answer.questionId === record.question.id && received === undefined) received = answer;
  });
  // A promise, not a command: noting the request writes nothing to history.
  CancellationScope.current().cancelRequested.catch(() => {
    if (!FINISHED_STATUSES.includes(record.status)) note('cancel-requested');
  });

  const { runJob } = proxyActivities<OperationActivities>({
    startToCloseTimeout: input.run.timeoutMs,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { maximumAttempts: input.run.maximumAttempts, initialInterval: '1s', maximumInterval: '30s' },
    // Wait for the job to stop before the operation reads as canceled.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

  // The job's own start, not this moment, is the operation's: the job's result and failure
  // details carry it (no command here, so histories recorded before this line replay alike).
  setStatus(record, 'running');
  try {
    const answers: unknown[] = [];
    let resume: JobResume | undefined;
    for (;;) {
      // Called with one argument on the first run, as before questions existed.
      const result: JobResult = resume ? await runJob(input, resume) : await runJob(input);
      const { asked, checkpoint, attempt, ...progress } = result;
      Object.assign(record, progress);
      noteStarted(record, attempt);
      if (!asked) break;
      const answer = await askAndWait(record, asked, answers.length, () => received, note);
      received = undefined;
      answers.push(answer);
      resume = {
        progress: { ...progress, checkpoint },
        answers: [...answers],
        attemptsBefore: (resume?.attemptsBefore ?? 0) + (attempt ?? 1),
      };
    }
    setStatus(record, 'completed');
    note('completed');
    await announce(record);
    return record;
  } catch (error) {
    Object.assign(record, progressFrom(error));
    noteStarted(record);
    record.question = null;
    if (isCancellation(error)) {
      // Completes normally so the final record stays readable from the result, with no worker.
      setStatus(record, 'canceled');
      note('canceled');
      await announce(record);
      return record;
    }
    record.error = { message: messageOf(error) };
    setStatus(record, 'failed');
    note('failed');
    await announce(record);
    throw ApplicationFailure.create({
      message: record.error.message,
      type: OPERATION_FAILED_TYPE,
      nonRetryable: true,
      details: [record],
    });
  }
}

/**
 * Records the question (status `waiting`, the memo for readers without a worker, the current
 * details for the Temporal UI) and waits for its answer, or its timeout. Returns the answer.
 */
async function askAndWait(
  record: OperationRecord,
  asked: JobAsked,
  index: number,
  answered: () => QuestionAnswer | undefined,
  note: (type: TimelineType, extra?: { questionId?: string; title?: string }) => void,
): Promise<unknown> {
  const { question: job } = asked;
  const now = Date.now();
  const question: OperationQuestion = {
    id: `q${index + 1}`,
    kind: job.kind,
    title: job.title,
    description: job.description,
    schema: job.schema,
    askedAt: new Date(now).toISOString(),
    expiresAt: job.timeoutMs === null ? null : new Date(now + job.timeoutMs).toISOString(),
  };
  const about = { questionId: question.id, title: question.title };
  record.question = question;
  setStatus(record, 'waiting');
  upsertMemo({ [QUESTION_MEMO_KEY]: question });
  setCurrentDetails(`**Waiting for an answer** (${question.id}): ${question.title}`);
  note('question-asked', about);

  let answer: unknown;
  if (job.timeoutMs === null) {
    await condition(() => answered() !== undefined);
    answer = answered()!.answer;
    note('question-answered', about);
  } else if (await condition(() => answered() !== undefined, job.timeoutMs)) {
    answer = answered()!.answer;
    note('question-answered', about);
  } else {
    note('question-expired', about);
    if (job.onTimeout === 'fail') {
      throw ApplicationFailure.nonRetryable(
        `No answer to "${truncateText(job.title, 200)}" was given in time`,
        QUESTION_EXPIRED_TYPE,
      );
    }
    answer = job.onTimeout.answer;
  }
  record.question = null;
  upsertMemo({ [QUESTION_MEMO_KEY]: null });
  setCurrentDetails('');
  setStatus(record, 'running');
  return answer;
}

/**
 * Notes the job's start (its first attempt's own time, placed in order) once its first run
 * reports, with the attempts that run took: the workflow sees no attempt until it ends.
 */
function noteStarted(record: OperationRecord, attempts?: number): void {
  const timeline = record.timeline!;
  if (!record.startedAt || timeline.some((existing) => existing.type === 'started')) return;
  const entry: TimelineEntry = { at: record.startedAt, type: 'started' };
  if (attempts !== undefined) entry.attempts = attempts;
  const after = timeline.findIndex((existing) => existing.at > entry.at);
  timeline.splice(after === -1 ? timeline.length : after, 0, entry);
}

/**
 * Tells the operator's services that the operation ended, through its own activity. The record
 * and the status attribute are final before it starts, so readers see the end at once; the
 * workflow stays open only until the delivery is settled, and a cancel request cannot stop it.
 * Without an endpoint for the job there is no delivery, and the workflow closes at once.
 */
async function announce(record: OperationRecord): Promise<void> {
  if (!patched(WEBHOOK_PATCH)) return;
  const event = `operation.${record.status}` as WebhookEvent;
  await CancellationScope.nonCancellable(async () => {
    if (patched(WEBHOOK_SKIP_PATCH) && !(await hasWebhookEndpoints(record.job).catch(() => true))) return;
    try {
      const outcome = await deliverWebhook(record, { maximumAttempts: WEBHOOK_MAX_ATTEMPTS });
      if (outcome.status !== 'skipped') {
        record.webhook = {
          event,
          status: outcome.status,
          attempts: outcome.attempts,
          lastAttemptAt: outcome.at,
          error: outcome.error,
        };
      }
    } catch (error) {
      // Its last attempt timed out (a lost worker): nothing reported otherwise.
      const at = new Date().toISOString();
      record.webhook = {
        event,
        status: 'failed',
        attempts: WEBHOOK_MAX_ATTEMPTS,
        lastAttemptAt: at,
        error: messageOf(error),
      };
    }
  });
}

function setStatus(record: OperationRecord, status: OperationStatus): void {
  record.status = status;
  if (FINISHED_STATUSES.includes(status)) record.closedAt = new Date().toISOString();
  upsertSearchAttributes([{ key: operationStatusSearchAttribute, value: status }]);
}

/** The job's last progress, attached by the activity to its failure. */
function progressFrom(error: unknown): Partial<JobProgress> {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const details = cause instanceof ApplicationFailure || cause instanceof CancelledFailure ? cause.details : undefined;
  return (details?.[0] as JobProgress | undefined) ?? {};
}

function messageOf(error: unknown): string {
  const cause = error instanceof ActivityFailure ? (error.cause ?? error) : error;
  return truncateText(cause instanceof Error ? cause.message : String(cause), MAX_ERROR_MESSAGE_CHARS);
}
