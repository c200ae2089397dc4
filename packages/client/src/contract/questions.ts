/**
 * The question contract: what a job asks the person, how the answer reaches the workflow (a
 * signal), and the bounds that keep a question's few history events small. Safe in workflow code.
 */
import { defineSignal } from '@temporalio/workflow';
import type { JobProgress } from './definitions';

/** `input` shows a form generated from the schema; `approval` shows approve and reject buttons. */
export type QuestionKind = 'input' | 'approval';

/** What the job's `askOperationInput` or `askOperationApproval` hands to the workflow. */
export interface AskedQuestion {
  kind: QuestionKind;
  title: string;
  description: string | null;
  /** A JSON Schema of an object, in the subset the status page's form renders. */
  schema: Record<string, unknown>;
  /** How long the person has, in ms from the ask; null waits as long as the operation lives. */
  timeoutMs: number | null;
  /** What happens when the time is up: the operation fails, or the job goes on with this answer. */
  onTimeout: 'fail' | { answer: unknown };
}

/** The open question, as the operation shows it (and the memo keeps it for readers without a worker). */
export interface OperationQuestion {
  /** `q1`, `q2`…: the question's place among the job's questions. */
  id: string;
  kind: QuestionKind;
  title: string;
  description: string | null;
  schema: Record<string, unknown>;
  askedAt: string;
  expiresAt: string | null;
}

/** The answer signal's argument; the API validated `answer` against the question's schema. */
export interface QuestionAnswer {
  questionId: string;
  answer: unknown;
}

/**
 * Answers the open question. A signal, not an Update: Temporal accepts a signal while no worker
 * runs (an Update's validator needs one), so the API validates before sending instead.
 */
export const answerQuestionSignal = defineSignal<[QuestionAnswer]>('answerQuestion');

/** The memo key holding the open question (null when none): the API reads it without a worker. */
export const QUESTION_MEMO_KEY = 'operationQuestion';

/** What the job activity returns when its job asked: the attempt ends, and no worker slot is held. */
export interface JobAsked {
  question: AskedQuestion;
}

/** What a resumed run of the job starts from: the last progress (with its checkpoint) and the answers so far. */
export interface JobResume {
  progress: JobProgress;
  /** The answers to the job's questions, in the order it asked them. */
  answers: unknown[];
  /** Attempts of the job's earlier runs, added to this run's attempt number in file keys. */
  attemptsBefore: number;
}

/** A job asks at most this many questions: each answer rides in every later run's input. */
export const MAX_QUESTIONS = 20;
/** A question (title, description, schema) serialized as JSON is at most this long. */
export const MAX_QUESTION_BYTES = 16 * 1024;
/** An answer serialized as JSON is at most this long. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** The longest a question may stay open with a timeout: one year. */
export const MAX_QUESTION_TIMEOUT_MS = 366 * 86_400_000;
