import { MAX_QUESTION_BYTES, MAX_QUESTION_TIMEOUT_MS, type AskedQuestion } from '@temporal-operations/client';
import { checkAnswerAt, questionSchemaProblems } from './question-schema';

/** What `askOperationInput` takes. */
export interface InputQuestion<Answer = unknown> {
  title: string;
  description?: string;
  /** A TypeBox or JSON Schema object describing the answer (see question-schema.ts for the subset). */
  schema: object;
  /** How long the person has, in ms; without it the question stays open while the operation lives. */
  timeoutMs?: number;
  /** `'fail'` (the default) fails the operation when the time is up; anything else is the default answer. */
  onTimeout?: 'fail' | Answer;
}

export interface ApprovalOptions {
  description?: string;
  timeoutMs?: number;
  /** What the time running out means: `'fail'` (the default), or approve or reject. */
  onTimeout?: 'fail' | 'approve' | 'reject';
}

/** The schema of an approval's answer: `{ approved: boolean }`. */
export const APPROVAL_SCHEMA = {
  type: 'object',
  properties: { approved: { type: 'boolean' } },
  required: ['approved'],
  additionalProperties: false,
} as const;

const MAX_TITLE_CHARS = 200;
const MAX_DESCRIPTION_CHARS = 2000;

/** Checks a question when the job asks it, so a bad one fails the job with the reason. */
export function checkedQuestion(question: InputQuestion<unknown>): AskedQuestion {
  if (typeof question !== 'object' || question === null)
    throw new TypeError('askOperationInput needs a question object');
  const title = checkedText(question.title, 'title', MAX_TITLE_CHARS);
  const description =
    question.description === undefined ? null : checkedText(question.description, 'description', MAX_DESCRIPTION_CHARS);
  // A JSON copy: TypeBox's symbol keys go, and what the workflow records is what was checked.
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(JSON.stringify(question.schema ?? null)) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`The question "${title}" has a schema that is not JSON: ${(error as Error).message}`);
  }
  const problems = questionSchemaProblems(schema);
  if (problems.length > 0) {
    throw new TypeError(`The question "${title}" cannot be shown as a form: ${problems.join('; ')}`);
  }
  const timeoutMs = checkedTimeout(question.timeoutMs, title);
  const onTimeout = question.onTimeout ?? 'fail';
  if (onTimeout !== 'fail') {
    // Paths into the default answer itself, '/' for its root.
    const check = checkAnswerAt(schema, onTimeout, '');
    if (!check.ok) {
      const fields = check.errors.map((error) => `${error.path || '/'} ${error.message}`);
      throw new TypeError(`The default answer of "${title}" fails its schema: ${fields.join('; ')}`);
    }
  }
  const asked: AskedQuestion = {
    kind: 'input',
    title,
    description,
    schema,
    timeoutMs,
    onTimeout: onTimeout === 'fail' ? 'fail' : { answer: structuredClone(onTimeout) },
  };
  const bytes = Buffer.byteLength(JSON.stringify(asked));
  if (bytes > MAX_QUESTION_BYTES) {
    throw new TypeError(`The question "${title}" is ${bytes} bytes as JSON; at most ${MAX_QUESTION_BYTES} are allowed`);
  }
  return asked;
}

/** The question an approval asks. */
export function approvalQuestion(title: string, options: ApprovalOptions): AskedQuestion {
  const onTimeout = options.onTimeout ?? 'fail';
  if (!['fail', 'approve', 'reject'].includes(onTimeout)) {
    throw new TypeError(`onTimeout of an approval is 'fail', 'approve' or 'reject', got ${String(onTimeout)}`);
  }
  const asked = checkedQuestion({
    title,
    description: options.description,
    schema: APPROVAL_SCHEMA,
    timeoutMs: options.timeoutMs,
    onTimeout: onTimeout === 'fail' ? 'fail' : { approved: onTimeout === 'approve' },
  });
  return { ...asked, kind: 'approval' };
}

function checkedText(value: unknown, what: string, maxChars: number): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`A question's ${what} must be a non-empty string`);
  if (value.length > maxChars) throw new TypeError(`A question's ${what} must be at most ${maxChars} characters`);
  return value;
}

function checkedTimeout(value: unknown, title: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_QUESTION_TIMEOUT_MS) {
    throw new TypeError(`The timeoutMs of "${title}" must be an integer from 1 to ${MAX_QUESTION_TIMEOUT_MS} ms`);
  }
  return value;
}
